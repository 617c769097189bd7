import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../../../platform/clock.js';
import type { EventBus } from '../../../platform/events/event-bus.js';
import type {
  BridgeOutcome,
  BridgeTarget,
  CallControl,
  CallDirection,
  CallInfo,
  CollectOptions,
  CollectResult,
  HangupCause,
  Playable,
  PlayOutcome,
  RecordOptions,
  RecordResult,
} from '../call-control.js';
import { AudioFifo } from '../media/audio-fifo.js';
import { FramePlayer } from '../media/frame-player.js';
import { decodeG711 } from '../media/g711.js';
import type { MediaClock } from '../media/media-clock.js';
import { RtpEndpoint, type RtpPortPool } from '../media/rtp-endpoint.js';
import { StereoWavWriter, VoiceMessageRecorder } from '../media/wav.js';
import type { PromptLibrary } from '../prompts/prompt-library.js';
import { header, parseNameAddr, parseUri, type SipRequest } from '../sip/sip-message.js';
import type { SipStack } from '../sip/sip-stack.js';
import type { ServerTransaction } from '../sip/sip-transactions.js';
import type { Flow } from '../sip/sip-transport.js';
import { parseDigestAuthorization } from '../sip/digest-auth.js';
import type { PhoneAccount } from '../sip/registrar.js';
import { Call } from './call.js';
import { CallLeg, DialFailure } from './call-leg.js';
import type { CallDetailRecord } from '../telephony.repository.js';

/**
 * The B2BUA: every call is one or two legs the platform terminates itself. Incoming INVITEs from
 * the trunk to a service number become calls handed to the application (the IVR); INVITEs from
 * agents' phones (digest-authenticated) are internal calls, bridged straight to the extension
 * dialled. It implements `CallControl`, drives the media of every call from one shared clock,
 * ends calls whose media went dead and writes one call-detail record per call.
 */

export type CallManagerDeps = {
  stack: SipStack;
  ports: RtpPortPool;
  clock: Clock;
  mediaClock: MediaClock;
  bus: EventBus;
  log: Logger;
  prompts: PromptLibrary;
  rtpHost: string;
  recvBufferSize: number;
  rtpTimeoutMs: number;
  recordingsDir: string;
  serviceNumbers: ReadonlySet<string>;
  isTrunk(address: string): boolean;
  gateway: Flow | null;
  findAccount(username: string): Promise<PhoneAccount | null>;
  writeRecord(record: CallDetailRecord): Promise<void>;
};

export class CallManager implements CallControl {
  private readonly calls = new Map<string, Call>();
  /** Extension → call it is ringing or talking on. */
  private readonly busyPhones = new Map<string, string>();
  /** Extension → when it last finished a call (performance.now()), for longest-idle order. */
  private readonly lastBusy = new Map<string, number>();
  private app: ((call: CallInfo) => Promise<void> | void) | null = null;
  private readonly unsubscribeTick: () => void;
  private readonly sweep: NodeJS.Timeout;
  private readonly pendingRecords = new Set<Promise<void>>();
  private readonly recordingDirs = new Set<string>();

  constructor(private readonly deps: CallManagerDeps) {
    this.unsubscribeTick = deps.mediaClock.subscribe(() => {
      for (const call of this.calls.values()) call.tick();
    });
    this.sweep = setInterval(() => this.endDeadCalls(), 1000);
    this.sweep.unref?.();
  }

  // ─── incoming ─────────────────────────────────────────────────────────────────────────────

  onInvite(req: SipRequest, flow: Flow, tx: ServerTransaction): void {
    this.acceptInvite(req, flow, tx).catch((err) => {
      this.deps.log.error({ err }, 'incoming call failed');
      tx.respond(500);
    });
  }

  private async acceptInvite(req: SipRequest, flow: Flow, tx: ServerTransaction): Promise<void> {
    const dialled = parseUri(req.uri)?.user ?? '';
    const fromUser = parseUri(parseNameAddr(header(req, 'from') ?? '')?.uri ?? '')?.user ?? null;
    let direction: CallDirection;
    if (this.deps.serviceNumbers.has(dialled) && this.deps.isTrunk(flow.address)) {
      direction = 'inbound';
    } else {
      // Anyone else must be one of our phones: challenge like a proxy (RFC 3261 §22.3).
      const user = await this.authenticatePhone(req, flow, tx);
      if (!user) return;
      direction = 'internal';
    }
    const endpoint = await this.openEndpoint();
    const leg = CallLeg.incoming(this.deps.stack, req, flow, tx, endpoint);
    if (!leg) {
      endpoint.close();
      return;
    }
    const call = this.track(new Call(direction, leg, fromUser, dialled, this.deps.clock.now(), header(req, 'call-id') ?? null));
    await this.deps.bus.publish('telephony.call_offered', { callId: call.id, direction, to: dialled });
    if (direction === 'internal') {
      await this.connectInternal(call, dialled);
      return;
    }
    const app = this.app;
    if (!app) {
      leg.reject(480, 'No call application');
      return;
    }
    void Promise.resolve()
      .then(() => app(call.info()))
      .catch((err) => this.deps.log.error({ err, callId: call.id }, 'call application failed'))
      .finally(() => {
        if (!call.isOver) this.endCall(call, 'platform', 'application_finished');
      });
  }

  private async authenticatePhone(req: SipRequest, flow: Flow, tx: ServerTransaction): Promise<string | null> {
    const registrar = this.deps.stack.registrar;
    const creds = parseDigestAuthorization(header(req, 'proxy-authorization'));
    const challenge = (stale = false) => tx.respond(407, { headers: [['Proxy-Authenticate', registrar.digest.challengeHeader(stale)]] });
    if (!creds) {
      challenge();
      return null;
    }
    if (registrar.lockout.isLocked(creds.username, flow.address)) {
      tx.respond(403, { reason: 'Too many failed attempts' });
      return null;
    }
    const account = await this.deps.findAccount(creds.username);
    const verdict = account?.enabled ? registrar.digest.verify(creds, 'INVITE', account.ha1) : 'wrong';
    if (verdict === 'stale' || verdict === 'bad_nonce' || verdict === 'replay') {
      challenge(verdict === 'stale');
      return null;
    }
    if (verdict !== 'ok') {
      registrar.lockout.recordFailure(creds.username, flow.address);
      tx.respond(403);
      return null;
    }
    return creds.username;
  }

  /** An agent's phone dialled an extension (a consultation) or an outside number (a callback). */
  private async connectInternal(call: Call, dialled: string): Promise<void> {
    const target: BridgeTarget = /^\d{3,6}$/.test(dialled) && (await this.deps.findAccount(dialled)) ? { extension: dialled } : { number: dialled };
    call.caller.ring();
    const outcome = await this.bridge(call.id, target, { ringTimeoutMs: 30_000, ringback: false });
    if (outcome !== 'bridged' && !call.isOver) {
      call.caller.reject(outcome === 'busy' ? 486 : outcome === 'not_registered' ? 480 : outcome === 'no_answer' ? 480 : 503);
    }
  }

  // ─── CallControl ──────────────────────────────────────────────────────────────────────────

  onCall(app: (call: CallInfo) => Promise<void> | void): void {
    this.app = app;
  }

  get(callId: string): CallInfo | null {
    return this.calls.get(callId)?.info() ?? null;
  }

  activeCalls(): CallInfo[] {
    return [...this.calls.values()].map((c) => c.info());
  }

  availablePhones(): string[] {
    return this.deps.stack.registrar
      .registered()
      .map((b) => b.username)
      .filter((ext) => !this.busyPhones.has(ext))
      .sort((a, b) => (this.lastBusy.get(a) ?? 0) - (this.lastBusy.get(b) ?? 0));
  }

  async answer(callId: string): Promise<void> {
    const call = this.calls.get(callId);
    if (!call || call.caller.state !== 'offered') return;
    call.caller.answer();
    this.markAnswered(call);
  }

  private markAnswered(call: Call) {
    call.state = 'answered';
    call.answeredAt = this.deps.clock.now();
    call.mediaSince = performance.now();
    // Every call is recorded from the moment it is answered (the greeting says so).
    this.startRecording(call);
    void this.deps.bus.publish('telephony.call_answered', { callId: call.id });
  }

  async play(callId: string, items: Playable[], opts: { interruptOnDigit?: boolean } = {}): Promise<PlayOutcome> {
    const call = this.calls.get(callId);
    if (!call) return 'hung_up';
    const clips = await Promise.all(items.map((i) => this.deps.prompts.render(i)));
    if (call.isOver) return 'hung_up';
    if (opts.interruptOnDigit && call.digits.length) return 'interrupted';
    call.player?.stop('interrupted');
    const player = new FramePlayer(clips, opts.interruptOnDigit ?? false);
    call.player = player;
    const outcome = await Promise.race([player.done, call.ended.then(() => 'hung_up' as const)]);
    player.stop(outcome);
    if (call.player === player) call.player = null;
    return outcome;
  }

  async playAndCollect(callId: string, opts: CollectOptions): Promise<CollectResult> {
    const call = this.calls.get(callId);
    if (!call) return { digits: '', reason: 'hung_up' };
    if (opts.play?.length) {
      const played = await this.play(callId, opts.play, { interruptOnDigit: true });
      if (played === 'hung_up') return { digits: '', reason: 'hung_up' };
    }
    let digits = '';
    const firstTimeout = opts.timeoutMs ?? 5000;
    const interTimeout = opts.interDigitTimeoutMs ?? 3000;
    for (;;) {
      if (!call.digits.length) await call.waitForDigit(digits ? interTimeout : firstTimeout);
      if (call.isOver) return { digits, reason: 'hung_up' };
      const d = call.digits.shift();
      if (d === undefined) return { digits, reason: 'timeout' };
      if (opts.terminator && d === opts.terminator) return { digits, reason: 'terminator' };
      digits += d;
      if (digits.length >= opts.maxDigits) return { digits, reason: 'max_digits' };
    }
  }

  async record(callId: string, opts: RecordOptions): Promise<RecordResult> {
    const call = this.calls.get(callId);
    if (!call) return { path: null, durationMs: 0, reason: 'hung_up' };
    if (opts.beep !== false) await this.play(callId, [{ tone: 'beep', ms: 400 }]);
    if (call.isOver) return { path: null, durationMs: 0, reason: 'hung_up' };
    call.digits.length = 0;
    const recorder = new VoiceMessageRecorder({ maxMs: opts.maxMs, silenceEndMs: opts.silenceEndMs });
    let saved!: () => void;
    call.voiceMessageSaved = new Promise((r) => (saved = r));
    try {
      const reason = await new Promise<RecordResult['reason']>((resolve) => {
        call.voiceMessage = { recorder, startedAt: performance.now(), finish: resolve };
        void call.ended.then(() => resolve('hung_up'));
      });
      call.voiceMessage = null;
      // A caller who hangs up at the end of a message has still left it.
      if (recorder.durationMs < 500 || !recorder.heardSpeech) return { path: null, durationMs: recorder.durationMs, reason };
      const file = this.recordingPath(call, '-message');
      await fs.promises.writeFile(file, recorder.toWav());
      call.voiceMessagePath = file;
      void this.deps.bus.publish('telephony.recording_ready', { callId, kind: 'voice_message', path: file, durationMs: recorder.durationMs });
      return { path: file, durationMs: recorder.durationMs, reason };
    } finally {
      saved();
    }
  }

  async bridge(callId: string, target: BridgeTarget, opts: { ringTimeoutMs?: number; ringback?: boolean } = {}): Promise<BridgeOutcome> {
    return this.bridgeCall(callId, target, opts);
  }

  /** `bridge`, with a hook that runs once the new agent answered, before the previous agent's leg is released. */
  private async bridgeCall(
    callId: string,
    target: BridgeTarget,
    opts: { ringTimeoutMs?: number; ringback?: boolean },
    beforeRelease?: (previous: CallLeg) => void,
  ): Promise<BridgeOutcome> {
    const call = this.calls.get(callId);
    if (!call) return 'hung_up';
    const extension = 'extension' in target ? target.extension : null;
    if (extension && this.busyPhones.has(extension)) return 'busy';
    let leg: CallLeg;
    try {
      leg = await this.dial(target, call, opts.ringTimeoutMs ?? 30_000, opts.ringback ?? true);
    } catch (err) {
      this.deps.log.info({ callId: call.id, extension, err: (err as Error).message }, 'bridge failed');
      if (err instanceof DialFailure) return call.isOver ? 'hung_up' : err.outcome === 'rejected' || err.outcome === 'cancelled' ? 'failed' : err.outcome;
      if (err instanceof NotRegistered) return 'not_registered';
      throw err;
    }
    if (call.isOver) {
      leg.hangup();
      return 'hung_up';
    }
    this.deps.log.info({ callId: call.id, extension }, 'call bridged');
    const previous = call.agent;
    const previousExtension = call.agentExtension;
    this.connect(call, leg, extension);
    if (previous) {
      beforeRelease?.(previous);
      previous.hangup();
      // Its 'ended' no longer concerns this call (agentLeft ignores it): free the phone here, or it
      // would look busy until the transferred call ends.
      if (previousExtension !== extension) this.releasePhone(call, previousExtension);
    }
    return 'bridged';
  }

  async bridgeEnded(callId: string): Promise<'agent' | 'caller'> {
    const call = this.calls.get(callId);
    if (!call) return 'caller';
    if (!call.bridgeEnd) return 'agent';
    return call.bridgeEnd.promise;
  }

  async transfer(callId: string, target: BridgeTarget): Promise<BridgeOutcome> {
    return this.bridge(callId, target, { ringback: false });
  }

  async hold(callId: string): Promise<void> {
    const call = this.calls.get(callId);
    if (!call) return;
    this.setHeld(call, true);
    if (call.agent) await call.agent.setDirection('sendonly');
  }

  async resume(callId: string): Promise<void> {
    const call = this.calls.get(callId);
    if (!call) return;
    if (call.agent) await call.agent.setDirection('sendrecv');
    this.setHeld(call, false);
  }

  async hangup(callId: string, cause: HangupCause = 'normal'): Promise<void> {
    const call = this.calls.get(callId);
    if (call && !call.isOver) this.endCall(call, 'platform', cause);
  }

  async originate(target: BridgeTarget, opts: { callerId?: string; ringTimeoutMs?: number } = {}): Promise<{ callId: string | null; outcome: BridgeOutcome }> {
    let leg: CallLeg;
    try {
      leg = await this.dial(target, null, opts.ringTimeoutMs ?? 45_000, false, opts.callerId);
    } catch (err) {
      if (err instanceof DialFailure) return { callId: null, outcome: err.outcome === 'rejected' || err.outcome === 'cancelled' ? 'failed' : err.outcome };
      if (err instanceof NotRegistered) return { callId: null, outcome: 'not_registered' };
      throw err;
    }
    const to = 'extension' in target ? target.extension : target.number;
    const call = this.track(new Call('outbound', leg, opts.callerId ?? null, to, this.deps.clock.now(), leg.dialog?.callId ?? null));
    if ('extension' in target) this.busyPhones.set(target.extension, call.id);
    this.markAnswered(call);
    return { callId: call.id, outcome: 'bridged' };
  }

  // ─── legs, bridging, media ────────────────────────────────────────────────────────────────

  private async dial(target: BridgeTarget, call: Call | null, ringTimeoutMs: number, ringback: boolean, callerId?: string): Promise<CallLeg> {
    let destination: { requestUri: string; flow: Flow; toUri: string; peerUser: string | null };
    if ('extension' in target) {
      const binding = this.deps.stack.registrar.lookup(target.extension);
      if (!binding) throw new NotRegistered();
      destination = { requestUri: binding.contact, flow: binding.flow, toUri: `sip:${target.extension}@${this.deps.stack.publicAddress}`, peerUser: target.extension };
      if (call) this.busyPhones.set(target.extension, call.id);
    } else {
      const gw = this.deps.gateway;
      if (!gw) throw new DialFailure(503, 'failed');
      const uri = `sip:${target.number}@${gw.address}:${gw.port}`;
      destination = { requestUri: uri, flow: gw, toUri: uri, peerUser: target.number };
    }
    const endpoint = await this.openEndpoint();
    const abort = new AbortController();
    if (call) void call.ended.then(() => abort.abort());
    let ringing: FramePlayer | null = null;
    try {
      return await CallLeg.dial(
        this.deps.stack,
        endpoint,
        destination,
        { user: callerId ?? (call?.to && this.deps.serviceNumbers.has(call.to) ? call.to : '12333'), display: '12333' },
        {
          ringTimeoutMs,
          abort: abort.signal,
          onRinging: () => {
            if (call && ringback && call.caller.state === 'answered' && !call.player) {
              ringing = new FramePlayer([this.deps.prompts.tone('ringback', 5000)], false, true);
              call.player = ringing;
            }
          },
        },
      );
    } catch (err) {
      if ('extension' in target && call && this.busyPhones.get(target.extension) === call.id) this.busyPhones.delete(target.extension);
      throw err;
    } finally {
      const r = ringing as FramePlayer | null;
      if (r) {
        r.stop('finished');
        if (call?.player === r) call.player = null;
      }
    }
  }

  /** Caller and agent hear each other: packets relayed as they arrive, both sides recorded. */
  private connect(call: Call, agent: CallLeg, extension: string | null) {
    if (call.caller.state === 'offered') {
      call.caller.answer();
      this.markAnswered(call);
    }
    call.player?.stop('interrupted');
    call.agent = agent;
    call.agentExtension = extension;
    call.state = 'bridged';
    call.bridgedAt ??= this.deps.clock.now();
    call.everBridged = true;
    call.hangupBy = null;
    // A call handed to another agent (transfer) is still one bridge for whoever awaits its end
    // (the flow's bridgeEnded): replacing a pending promise would leave them waiting forever.
    if (!call.bridgeEnd || call.bridgeEnd.settled) {
      let resolveEnd!: (by: 'agent' | 'caller') => void;
      const end: NonNullable<Call['bridgeEnd']> = {
        promise: new Promise((r) => (resolveEnd = r)),
        settled: false,
        resolve: (by) => {
          end.settled = true;
          resolveEnd(by);
        },
      };
      call.bridgeEnd = end;
    }

    const a = call.caller.endpoint;
    const b = agent.endpoint;
    a.onAudio = (payload) => {
      call.queueCallerAudio(payload);
      if (call.held || call.agent !== agent) return;
      if (a.codec === b.codec) b.sendAudio(payload);
      else b.sendPcm(decodeG711(a.codec, payload));
    };
    b.onAudio = (payload) => {
      if (call.agent !== agent) return;
      call.queueAgentAudio(payload);
      if (call.held) return;
      if (a.codec === b.codec) a.sendAudio(payload);
      else a.sendPcm(decodeG711(b.codec, payload));
    };
    a.onTelephoneEvent = (packet) => call.agent === agent && b.relayTelephoneEvent(packet);
    agent.on('digit', () => {});
    agent.on('hold', (held) => this.setHeld(call, held));
    agent.on('refer', (t) => void this.onRefer(call, agent, t));
    agent.on('ended', () => this.agentLeft(call, agent));
    void this.deps.bus.publish('telephony.call_bridged', { callId: call.id, extension });
  }

  private setHeld(call: Call, held: boolean) {
    if (call.held === held) return;
    call.held = held;
    call.holdPlayer?.stop('interrupted');
    call.holdPlayer = held ? new FramePlayer([this.deps.prompts.tone('hold_music', 8000)], false, true) : null;
    void this.deps.bus.publish('telephony.call_held', { callId: call.id, held });
  }

  /** The agent's leg ended: the caller stays with the application (a survey, goodbye). */
  private agentLeft(call: Call, agent: CallLeg) {
    if (call.agent !== agent) return;
    this.releasePhone(call, call.agentExtension);
    call.agent = null;
    call.caller.endpoint.onAudio = (payload) => this.onCallerAudio(call, payload);
    call.caller.endpoint.onTelephoneEvent = null;
    if (call.held) this.setHeld(call, false);
    call.recording?.agent.clear();
    // A transferring agent that hangs up before the target answers (many phones do, right after
    // the REFER's 202) hands the caller on: the bridge goes on with the target.
    if (call.transferring && !call.isOver) {
      call.state = 'answered';
      return;
    }
    if (!call.isOver) {
      call.state = 'answered';
      call.hangupBy = 'agent';
    }
    call.bridgeEnd?.resolve(call.isOver ? 'caller' : 'agent');
  }

  private releasePhone(call: Call, extension: string | null) {
    if (!extension) return;
    if (this.busyPhones.get(extension) === call.id) this.busyPhones.delete(extension);
    this.lastBusy.set(extension, performance.now());
  }

  /** REFER from the agent's phone: blind (Refer-To an extension) or attended (with Replaces). */
  private async onRefer(call: Call, referrer: CallLeg, target: Parameters<import('./call-leg.js').LegEvents['refer']>[0]) {
    if (target.replaces) {
      const other = this.findCallByDialog(target.replaces.callId, target.replaces.toTag, target.replaces.fromTag);
      const consultAgent = other?.agent;
      if (!other || !consultAgent) {
        referrer.notifyReferProgress(481, 'Call Does Not Exist', true);
        return;
      }
      // The consulted agent's leg moves to this call; the referrer's two legs are released.
      other.agent = null;
      other.state = 'answered';
      const extension = other.agentExtension;
      const referrerExtension = call.agentExtension;
      if (extension) this.busyPhones.set(extension, call.id);
      this.connect(call, consultAgent, extension);
      referrer.notifyReferProgress(200, 'OK', true);
      referrer.hangup();
      if (referrerExtension !== extension) this.releasePhone(call, referrerExtension);
      this.endCall(other, 'agent', 'transferred');
      return;
    }
    const extension = target.user ?? '';
    // Set before the first await: the transferor's BYE may come right after its REFER.
    call.transferring = true;
    let outcome: BridgeOutcome;
    try {
      const to: BridgeTarget = /^\d{3,6}$/.test(extension) && (await this.deps.findAccount(extension)) ? { extension } : { number: extension };
      // Ringback: a caller whose transferor already hung up hears the target ring (while the
      // transferor is still on, the caller hears the transferor). The transferor hears the outcome
      // (NOTIFY with a sipfrag 200, RFC 3515 §2.4.5) before our BYE: after, it could not be told.
      outcome = await this.bridgeCall(call.id, to, { ringback: true }, (previous) => {
        if (previous === referrer) referrer.notifyReferProgress(200, 'OK', true);
      });
    } finally {
      call.transferring = false;
    }
    // Bridged: the transferor was told before its release (or had hung up already).
    if (outcome === 'bridged') return;
    referrer.notifyReferProgress(outcome === 'busy' ? 486 : 480, outcome === 'busy' ? 'Busy Here' : 'Temporarily Unavailable', true);
    // The transferor hung up while the target rang and the target did not answer: that bridge is over.
    if (!call.agent && !call.isOver) {
      call.hangupBy = 'agent';
      call.bridgeEnd?.resolve('agent');
    }
  }

  private findCallByDialog(callId: string, toTag: string, fromTag: string): Call | undefined {
    for (const c of this.calls.values()) {
      const d = c.caller.dialog;
      // Seen from the referrer: its To tag is our local tag on its consultation leg.
      if (d && d.callId === callId && ((d.localTag === toTag && d.remoteTag === fromTag) || (d.localTag === fromTag && d.remoteTag === toTag))) return c;
    }
    return undefined;
  }

  private onCallerAudio(call: Call, payload: Buffer) {
    call.queueCallerAudio(payload);
    const vm = call.voiceMessage;
    if (!vm) return;
    const state = vm.recorder.push(decodeG711(call.caller.endpoint.codec, payload));
    if (state !== 'continue') vm.finish(state);
  }

  private startRecording(call: Call) {
    const file = this.recordingPath(call, '');
    const recording = { writer: null as unknown as StereoWavWriter, caller: new AudioFifo(), agent: new AudioFifo() };
    StereoWavWriter.open(file)
      .then((writer) => {
        if (!call.isOver && !call.recording) {
          recording.writer = writer;
          call.recording = recording;
          call.recordingPath = file;
        } else void writer.close().then(() => fs.promises.unlink(file).catch(() => {}));
      })
      .catch((err) => this.deps.log.error({ err, callId: call.id }, 'recording could not start'));
  }

  private async stopRecording(call: Call) {
    const rec = call.recording;
    if (!rec) return;
    call.recording = null;
    const done = await rec.writer.close();
    void this.deps.bus.publish('telephony.recording_ready', { callId: call.id, kind: 'call', path: done.path, durationMs: done.durationMs });
  }

  private recordingPath(call: Call, suffix: string): string {
    const day = call.startedAt.toISOString().slice(0, 10);
    const dir = path.join(this.deps.recordingsDir, day);
    if (!this.recordingDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.recordingDirs.add(dir);
    }
    return path.join(dir, `${call.id}${suffix}.wav`);
  }

  private track(call: Call): Call {
    this.calls.set(call.id, call);
    call.caller.endpoint.onAudio = (payload) => this.onCallerAudio(call, payload);
    call.caller.endpoint.onDigit = (digit) => this.onDigit(call, digit);
    call.caller.on('digit', (digit) => this.onDigit(call, digit));
    call.caller.on('hold', () => {});
    call.caller.on('ended', (cause) => this.endCall(call, cause === 'local_hangup' ? 'platform' : 'caller', cause));
    return call;
  }

  private onDigit(call: Call, digit: string) {
    // Keys can spell an ID number: debug level only, which production does not log.
    this.deps.log.debug({ callId: call.id, digit }, 'DTMF');
    call.pushDigit(digit);
    void this.deps.bus.publish('telephony.dtmf', { callId: call.id, digit });
  }

  private endCall(call: Call, by: 'caller' | 'agent' | 'platform', cause: string) {
    if (call.isOver) return;
    call.state = 'ended';
    call.hangupBy ??= by;
    call.hangupCause = cause;
    call.player?.stop('hung_up');
    call.holdPlayer?.stop('hung_up');
    call.voiceMessage?.finish('hung_up');
    if (call.caller.state !== 'ended') call.caller.hangup(cause === 'rtp_timeout' ? 'rtp_timeout' : 'local_hangup');
    const agent = call.agent;
    if (agent) {
      this.agentLeft(call, agent);
      agent.hangup();
    }
    for (const [ext, id] of this.busyPhones) if (id === call.id) this.busyPhones.delete(ext);
    call.markEnded();
    this.calls.delete(call.id);
    const write = this.finishRecord(call, by).finally(() => this.pendingRecords.delete(write));
    this.pendingRecords.add(write);
  }

  private async finishRecord(call: Call, by: 'caller' | 'agent' | 'platform') {
    await this.stopRecording(call);
    await call.voiceMessageSaved;
    const endedAt = this.deps.clock.now();
    const outcome =
      call.everBridged ? 'agent_answered'
      : call.voiceMessagePath ? 'voice_message'
      : call.caller.answeredAt === null ? (call.direction === 'inbound' && by === 'caller' ? 'abandoned' : 'rejected')
      : call.hangupCause === 'rtp_timeout' ? 'failed'
      : 'self_service';
    const record: CallDetailRecord = {
      id: call.id,
      direction: call.direction,
      callerNumber: call.from,
      calledNumber: call.to,
      agentExtension: call.agentExtension,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      bridgedAt: call.bridgedAt,
      endedAt,
      outcome,
      hangupBy: call.hangupBy ?? by,
      hangupCause: call.hangupCause,
      recordingPath: call.recordingPath,
      recordingMs: call.recordingPath ? call.recordingMs : null,
      voiceMessagePath: call.voiceMessagePath,
      sipCallId: call.sipCallId,
      rtpPacketsIn: call.caller.endpoint.stats.packetsIn,
      rtpPacketsOut: call.caller.endpoint.stats.packetsOut,
    };
    try {
      await this.deps.writeRecord(record);
    } catch (err) {
      this.deps.log.error({ err, callId: call.id }, 'call-detail record not written');
    }
    await this.deps.bus.publish('telephony.call_hung_up', {
      callId: call.id,
      direction: call.direction,
      outcome,
      hangupBy: record.hangupBy,
      durationMs: endedAt.getTime() - call.startedAt.getTime(),
    });
  }

  /** RTP inactivity: a caller (or agent phone) that vanished without a BYE is hung up. */
  private endDeadCalls() {
    const now = performance.now();
    for (const call of this.calls.values()) {
      if (call.caller.state !== 'answered') continue;
      if (!call.held && !call.caller.heldByPeer && call.caller.endpoint.silentForMs(now, call.mediaSince) > this.deps.rtpTimeoutMs) {
        this.deps.log.info({ callId: call.id }, 'no RTP from the caller: hanging up');
        this.endCall(call, 'caller', 'rtp_timeout');
        continue;
      }
      const agent = call.agent;
      if (agent && !call.held && !agent.heldByPeer && agent.endpoint.silentForMs(now, call.mediaSince) > this.deps.rtpTimeoutMs) agent.hangup('rtp_timeout');
    }
  }

  private async openEndpoint(): Promise<RtpEndpoint> {
    return RtpEndpoint.open(this.deps.ports, this.deps.rtpHost, this.deps.recvBufferSize);
  }


  /** Waits until every call-detail record of ended calls is written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.pendingRecords.size) await Promise.allSettled([...this.pendingRecords]);
  }

  async close(): Promise<void> {
    for (const call of [...this.calls.values()]) this.endCall(call, 'platform', 'shutdown');
    await this.flush();
    this.unsubscribeTick();
    clearInterval(this.sweep);
  }
}

class NotRegistered extends Error {}
