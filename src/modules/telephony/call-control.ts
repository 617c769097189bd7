/**
 * The call-control interface: how the IVR, the queues and the agent desktop drive calls without
 * touching SIP. Commands are methods on `CallControl` (they act on the node that holds the call's
 * media); what happens is published on the event bus as `telephony.*` domain events, so any node
 * (the live view, reports) can follow calls.
 */

export type CallDirection = 'inbound' | 'outbound' | 'internal';

export type CallInfo = {
  callId: string;
  direction: CallDirection;
  /** The caller's number (inbound) or the extension that dialled (internal). */
  from: string | null;
  /** The number dialled: a service number (12333), an extension or an outside number. */
  to: string;
  state: 'offered' | 'answered' | 'bridged' | 'ended';
  startedAt: Date;
  answeredAt: Date | null;
  /** The agent's phone while bridged. */
  bridgedTo: string | null;
};

/** What to play: a prompt of the prompt set by name, text spoken by TTS, or raw 8 kHz audio. */
export type Playable = { prompt: string } | { text: string } | { tone: 'beep' | 'ringback' | 'hold_music'; ms: number };

export type PlayOutcome = 'finished' | 'interrupted' | 'hung_up';

export type CollectOptions = {
  play?: Playable[];
  maxDigits: number;
  /** Waiting for the first key after the prompt ends. */
  timeoutMs?: number;
  /** Waiting between keys. */
  interDigitTimeoutMs?: number;
  /** A key that ends input early (not included in the digits), usually '#'. */
  terminator?: string;
};

export type CollectResult = { digits: string; reason: 'max_digits' | 'terminator' | 'timeout' | 'hung_up' };

export type RecordOptions = { maxMs: number; silenceEndMs: number; beep?: boolean };

export type RecordResult = { path: string | null; durationMs: number; reason: 'max_length' | 'silence' | 'terminator' | 'hung_up' };

export type BridgeTarget = { extension: string } | { number: string };

export type BridgeOutcome = 'bridged' | 'no_answer' | 'busy' | 'not_registered' | 'failed' | 'hung_up';

export type HangupCause = 'normal' | 'rtp_timeout' | 'no_agent' | 'rejected' | 'failed';

export interface CallControl {
  /** Registers the application that takes every new call (the IVR); it runs once per call. */
  onCall(app: (call: CallInfo) => Promise<void> | void): void;
  get(callId: string): CallInfo | null;
  activeCalls(): CallInfo[];
  /** Registered agents' phones not on a call, the longest idle first. */
  availablePhones(): string[];

  answer(callId: string): Promise<void>;
  play(callId: string, items: Playable[], opts?: { interruptOnDigit?: boolean }): Promise<PlayOutcome>;
  playAndCollect(callId: string, opts: CollectOptions): Promise<CollectResult>;
  /** A voice message from the caller, ended by '#', silence or the maximum length. */
  record(callId: string, opts: RecordOptions): Promise<RecordResult>;
  /** Rings the target; on answer the caller and the target hear each other and the call is recorded. */
  bridge(callId: string, target: BridgeTarget, opts?: { ringTimeoutMs?: number; ringback?: boolean }): Promise<BridgeOutcome>;
  /** Resolves when the bridge ends: the agent hung up ('agent') or the caller did ('caller'). */
  bridgeEnded(callId: string): Promise<'agent' | 'caller'>;
  /** Blind transfer: the caller is bridged to `target` and the current agent's leg is released. */
  transfer(callId: string, target: BridgeTarget): Promise<BridgeOutcome>;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  hangup(callId: string, cause?: HangupCause): Promise<void>;
  /** An outgoing call (a callback): an agent's phone or an outside number through the gateway. */
  originate(target: BridgeTarget, opts?: { callerId?: string; ringTimeoutMs?: number }): Promise<{ callId: string | null; outcome: BridgeOutcome }>;
}

export type CallEndedPayload = {
  callId: string;
  direction: CallDirection;
  outcome: CallOutcome;
  hangupBy: 'caller' | 'agent' | 'platform';
  durationMs: number;
};

/** How a call ended, for the call-detail record and the reports. */
export type CallOutcome = 'agent_answered' | 'self_service' | 'voice_message' | 'abandoned' | 'no_agent' | 'rejected' | 'failed' | 'no_answer';

declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'telephony.call_offered': { callId: string; direction: CallDirection; to: string };
    'telephony.call_answered': { callId: string };
    'telephony.dtmf': { callId: string; digit: string };
    'telephony.call_bridged': { callId: string; extension: string | null };
    'telephony.call_held': { callId: string; held: boolean };
    'telephony.call_hung_up': CallEndedPayload;
    'telephony.recording_ready': { callId: string; kind: 'call' | 'voice_message'; path: string; durationMs: number };
    'telephony.phone_registration': { extension: string; registered: boolean };
  }
}
