/**
 * The shapes of the telephony API (src/modules/telephony/telephony.routes.ts and the service's
 * `status()`, `promptList()` and call-detail records), as the web app reads them.
 */

export const CALL_OUTCOMES = ['agent_answered', 'self_service', 'voice_message', 'abandoned', 'no_agent', 'rejected', 'failed', 'no_answer'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type CallDirection = 'inbound' | 'outbound' | 'internal';

export type TPhone = {
  id: number;
  extension: string;
  centerId: number;
  displayName: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};

export type TRegisteredPhone = { extension: string; contact: string; transport: string; expiresAt: string; userAgent: string | null };

export type TActiveCall = {
  callId: string;
  direction: CallDirection;
  from: string | null;
  to: string;
  state: 'offered' | 'answered' | 'bridged' | 'ended';
  startedAt: string;
  answeredAt: string | null;
  bridgedTo: string | null;
};

export type TLineStatus = {
  running: boolean;
  sipPort: number | null;
  publicAddress: string;
  serviceNumbers: string[];
  registeredPhones: TRegisteredPhone[];
  activeCalls: TActiveCall[];
  sipStats: { received: number; malformed: number; rateLimited: number; dialogs: number } | null;
  mediaClock: { ticks: number; lateTicks: number; skippedTicks: number; maxLagMs: number; errors: number } | null;
};

export type TPrompt = {
  name: string;
  text: string;
  source: 'synthesised' | 'uploaded';
  durationMs: number;
  uploadedAt: string | null;
  uploadedBy: string | null;
};

export type TCallRecord = {
  id: string;
  direction: CallDirection;
  /** Masked by the API for roles that may not see callers' numbers. */
  callerNumber: string | null;
  calledNumber: string;
  agentExtension: string | null;
  startedAt: string;
  answeredAt: string | null;
  bridgedAt: string | null;
  endedAt: string;
  outcome: CallOutcome;
  hangupBy: 'caller' | 'agent' | 'platform';
  hangupCause: string | null;
  hasRecording: boolean;
  recordingMs: number | null;
  hasVoiceMessage: boolean;
  rtpPacketsIn: number;
  rtpPacketsOut: number;
};
