import { SAMPLES_PER_FRAME } from './rtp-endpoint.js';

/**
 * Plays a list of 8 kHz clips as 20 ms frames, one per tick of the media clock. The last frame of
 * a clip is padded with silence; `done` resolves when every clip has been sent or playback stopped.
 */
export class FramePlayer {
  private clip = 0;
  private offset = 0;
  private readonly pad = new Int16Array(SAMPLES_PER_FRAME);
  private settle!: (outcome: 'finished' | 'interrupted' | 'hung_up') => void;
  readonly done = new Promise<'finished' | 'interrupted' | 'hung_up'>((r) => (this.settle = r));
  private stopped = false;

  constructor(
    private readonly clips: Int16Array[],
    readonly interruptOnDigit: boolean,
    /** Start again at the end (music on hold) until stopped. */
    private readonly loop = false,
  ) {}

  /** The next frame to send, or null when finished (and `done` resolves). */
  nextFrame(): Int16Array | null {
    if (this.stopped) return null;
    while (this.clip < this.clips.length) {
      const c = this.clips[this.clip]!;
      if (this.offset < c.length) {
        const end = this.offset + SAMPLES_PER_FRAME;
        let frame: Int16Array;
        if (end <= c.length) frame = c.subarray(this.offset, end);
        else {
          this.pad.fill(0);
          this.pad.set(c.subarray(this.offset));
          frame = this.pad;
        }
        this.offset = end;
        return frame;
      }
      this.clip++;
      this.offset = 0;
      if (this.loop && this.clip === this.clips.length && this.clips.some((c) => c.length > 0)) this.clip = 0;
    }
    this.stop('finished');
    return null;
  }

  stop(outcome: 'finished' | 'interrupted' | 'hung_up'): void {
    if (this.stopped) return;
    this.stopped = true;
    this.settle(outcome);
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
