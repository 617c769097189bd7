import { randomUUID } from 'node:crypto';
import type { CallDirection, CallInfo, CallOutcome } from '../call-control.js';
import { decodeG711 } from '../media/g711.js';
import type { FramePlayer } from '../media/frame-player.js';
import { SAMPLES_PER_FRAME } from '../media/rtp-endpoint.js';
import type { AudioFifo } from '../media/audio-fifo.js';
import type { StereoWavWriter, VoiceMessageRecorder } from '../media/wav.js';
import type { CallLeg } from './call-leg.js';

/**
 * One call as the platform handles it: the party the application talks to (`caller`: the citizen,
 * or whoever an outgoing call reached), and while bridged the `agent` leg. It holds the call's
 * media state between ticks of the media clock: what is being played, the keys pressed, the
 * recorder, and the two queues that line the caller's and the agent's audio up for the stereo
 * recording.
 */

const SILENCE = new Int16Array(SAMPLES_PER_FRAME);
/**
 * A pause this long in the caller's RTP while a voice message is recorded is silence, not jitter:
 * phones with silence suppression (and SIPp between its pcaps) send nothing while the caller is
 * quiet. Shorter gaps (jitter, a stalled event loop) are left alone.
 */
const MESSAGE_GAP_MS = 200;

export class Call {
  readonly id = randomUUID();
  state: CallInfo['state'] = 'offered';
  readonly startedAt: Date;
  answeredAt: Date | null = null;
  bridgedAt: Date | null = null;
  agent: CallLeg | null = null;
  agentExtension: string | null = null;
  player: FramePlayer | null = null;
  /** Played to the caller while the platform or the agent holds the call. */
  holdPlayer: FramePlayer | null = null;
  held = false;
  readonly digits: string[] = [];
  digitWaiter: (() => void) | null = null;
  voiceMessage: { recorder: VoiceMessageRecorder; startedAt: number; finish(reason: 'max_length' | 'silence' | 'terminator' | 'hung_up'): void } | null = null;
  recording: { writer: StereoWavWriter; caller: AudioFifo; agent: AudioFifo } | null = null;
  recordingPath: string | null = null;
  recordingMs = 0;
  voiceMessagePath: string | null = null;
  /** Resolves once a voice message in progress is on disk (the record must name it). */
  voiceMessageSaved: Promise<void> = Promise.resolve();
  everBridged = false;
  outcome: CallOutcome | null = null;
  hangupBy: 'caller' | 'agent' | 'platform' | null = null;
  hangupCause: string | null = null;
  bridgeEnd: { promise: Promise<'agent' | 'caller'>; settled: boolean; resolve(by: 'agent' | 'caller'): void } | null = null;
  /** A blind transfer (REFER) is ringing its target: the transferor leaving does not end the bridge. */
  transferring = false;
  /** Set when the caller's leg ended; every wait of the application resolves then. */
  readonly ended: Promise<void>;
  markEnded!: () => void;
  mediaSince = performance.now();
  private readonly leftFrame = new Int16Array(SAMPLES_PER_FRAME);
  private readonly rightFrame = new Int16Array(SAMPLES_PER_FRAME);
  /** Decoded packets are copied into the recording queues at once, so one buffer serves them all. */
  private readonly decodeBuffer = new Int16Array(1600);
  /** The RTP gap being filled with silence in the voice message: where it starts, how much is filled. */
  private messageGap = { from: 0, filledMs: 0 };

  constructor(
    readonly direction: CallDirection,
    readonly caller: CallLeg,
    readonly from: string | null,
    readonly to: string,
    now: Date,
    readonly sipCallId: string | null,
  ) {
    this.startedAt = now;
    this.ended = new Promise((r) => (this.markEnded = r));
  }

  info(): CallInfo {
    return {
      callId: this.id,
      direction: this.direction,
      from: this.from,
      to: this.to,
      state: this.state,
      startedAt: this.startedAt,
      answeredAt: this.answeredAt,
      bridgedTo: this.state === 'bridged' ? this.agentExtension : null,
    };
  }

  get isOver(): boolean {
    return this.state === 'ended';
  }

  pushDigit(digit: string): void {
    this.digits.push(digit);
    if (this.player?.interruptOnDigit) this.player.stop('interrupted');
    if (digit === '#' && this.voiceMessage) this.voiceMessage.finish('terminator');
    const w = this.digitWaiter;
    this.digitWaiter = null;
    w?.();
  }

  /** Resolves at the next key, or after `ms`, or when the call ends. */
  waitForDigit(ms: number): Promise<void> {
    if (this.digits.length || this.isOver) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(t);
        if (self.digitWaiter === done) self.digitWaiter = null;
        resolve();
      }
      this.digitWaiter = done;
      void this.ended.then(done);
    });
  }

  /** Caller audio arrived (decoded into the recording queue when recording). */
  queueCallerAudio(payload: Buffer): void {
    if (this.recording) this.recording.caller.push(decodeG711(this.caller.endpoint.codec, payload, this.decodeBuffer));
  }

  queueAgentAudio(payload: Buffer): void {
    if (this.recording && this.agent) this.recording.agent.push(decodeG711(this.agent.endpoint.codec, payload, this.decodeBuffer));
  }

  /**
   * One tick of the shared media clock: send the caller what it should hear now (unless bridged,
   * when the agent's packets are relayed as they arrive) and write 20 ms of the recording, the
   * caller on the left and what the caller heard (prompts, or the agent) on the right.
   */
  tick(): void {
    if (this.state === 'ended' || this.caller.state !== 'answered') return;
    if (this.voiceMessage) this.fillMessageGap(performance.now());
    let sent: Int16Array | null = null;
    if (this.state !== 'bridged' || this.held) {
      const source = this.held ? this.holdPlayer : this.player;
      sent = source?.nextFrame() ?? SILENCE;
      this.caller.endpoint.sendPcm(sent);
    }
    if (this.recording) {
      const left = this.recording.caller.pull(this.leftFrame);
      const agentFrame = this.recording.agent.pull(this.rightFrame);
      this.recording.writer.write(left, sent ?? agentFrame);
      this.recordingMs += 20;
    }
  }

  /**
   * The recorder only hears packets; without this, a caller who stops sending RTP while quiet
   * would leave a message shorter than it lasted that silence could never end (only the maximum
   * length or the RTP timeout would). Once a gap is longer than MESSAGE_GAP_MS, all of it becomes
   * silence, as it goes on.
   */
  private fillMessageGap(now: number) {
    const vm = this.voiceMessage!;
    const since = Math.max(this.caller.endpoint.stats.lastPacketAt, vm.startedAt);
    if (since !== this.messageGap.from) this.messageGap = { from: since, filledMs: 0 };
    const gapMs = now - since;
    if (gapMs < MESSAGE_GAP_MS) return;
    while (this.messageGap.filledMs + 20 <= gapMs) {
      this.messageGap.filledMs += 20;
      const state = vm.recorder.push(SILENCE);
      if (state !== 'continue') {
        vm.finish(state);
        return;
      }
    }
  }
}

