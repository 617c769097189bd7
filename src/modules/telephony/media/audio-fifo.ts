/**
 * A first-in first-out queue of 8 kHz samples. Peers packetise as they like (SIPp's recording
 * sends 30 ms packets, phones 20 ms), while the recorder writes exactly 20 ms per clock tick;
 * the queue lines the two up. It holds at most `capacity` samples and drops the oldest beyond
 * that, so a peer whose clock runs fast cannot grow it without bound.
 */
export class AudioFifo {
  private readonly buffer: Int16Array;
  private start = 0;
  private length = 0;

  constructor(capacity = 1600) {
    this.buffer = new Int16Array(capacity);
  }

  get size(): number {
    return this.length;
  }

  push(samples: Int16Array): void {
    const cap = this.buffer.length;
    let src = samples;
    if (src.length >= cap) {
      src = src.subarray(src.length - cap);
      this.start = 0;
      this.length = 0;
    }
    const overflow = this.length + src.length - cap;
    if (overflow > 0) {
      this.start = (this.start + overflow) % cap;
      this.length -= overflow;
    }
    let end = (this.start + this.length) % cap;
    for (let i = 0; i < src.length; i++) {
      this.buffer[end] = src[i]!;
      end = end + 1 === cap ? 0 : end + 1;
    }
    this.length += src.length;
  }

  /** Fills `out` from the queue, silence where it runs short. */
  pull(out: Int16Array): Int16Array {
    const cap = this.buffer.length;
    const n = Math.min(out.length, this.length);
    for (let i = 0; i < n; i++) out[i] = this.buffer[(this.start + i) % cap]!;
    out.fill(0, n);
    this.start = (this.start + n) % cap;
    this.length -= n;
    return out;
  }

  clear(): void {
    this.start = 0;
    this.length = 0;
  }
}
