/**
 * WAV in and out for the phone line: uploaded prompts and TTS output are decoded to 8 kHz mono,
 * calls are recorded as 8 kHz 16-bit WAV. The reader is hand-written because wavefile's
 * conversions take tens of seconds on a one-minute upload; wavefile is only used in tests.
 */
import { open, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import { decodeG711 } from './g711.js';

const RATE = 8000;
const HEADER_BYTES = 44;
const LITTLE_ENDIAN = os.endianness() === 'LE';

// ---------------------------------------------------------------- reading

type Format = { code: number; channels: number; sampleRate: number; bits: number; blockAlign: number };

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_ALAW = 6;
const WAVE_FORMAT_MULAW = 7;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Any common WAV (PCM 8/16/24/32-bit, float 32/64, A-law, mu-law; any channel count, mixed down)
 * as 8 kHz 16-bit mono. Throws an Error saying what is wrong for anything else.
 */
export function decodeAudioFileTo8k(buf: Buffer): Int16Array {
  if (buf.length < 12 || buf.toString('latin1', 8, 12) !== 'WAVE') throw new Error('not a WAV file (no RIFF/WAVE header)');
  const riff = buf.toString('latin1', 0, 4);
  if (riff !== 'RIFF') throw new Error(`unsupported WAV container ${JSON.stringify(riff)}; only little-endian RIFF is supported`);

  let format: Format | null = null;
  let data: Buffer | null = null;
  // Chunks are word-aligned (RIFF pads odd sizes). Streamed writers (espeak-ng --stdout, an
  // unfinished recording) leave a too-large or zero data size, so the data runs to the end of file.
  for (let off = 12; off + 8 <= buf.length; ) {
    const id = buf.toString('latin1', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = buf.subarray(off + 8, Math.min(buf.length, off + 8 + size));
    if (id === 'fmt ') format = readFormat(body);
    else if (id === 'data') {
      data = size === 0 || off + 8 + size > buf.length ? buf.subarray(off + 8) : body;
      break;
    }
    off += 8 + size + (size & 1);
  }
  if (!format) throw new Error('WAV file has no fmt chunk');
  if (!data) throw new Error('WAV file has no data chunk');
  return resampleTo8k(mixToMono(format, data), format.sampleRate);
}

function readFormat(b: Buffer): Format {
  if (b.length < 16) throw new Error('WAV fmt chunk is truncated');
  let code = b.readUInt16LE(0);
  const channels = b.readUInt16LE(2);
  const sampleRate = b.readUInt32LE(4);
  const blockAlign = b.readUInt16LE(12);
  const bits = b.readUInt16LE(14);
  // WAVE_FORMAT_EXTENSIBLE: the real format code is the first two bytes of the SubFormat GUID.
  if (code === WAVE_FORMAT_EXTENSIBLE && b.length >= 26) code = b.readUInt16LE(24);
  const ok =
    (code === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bits)) ||
    (code === WAVE_FORMAT_IEEE_FLOAT && (bits === 32 || bits === 64)) ||
    ((code === WAVE_FORMAT_ALAW || code === WAVE_FORMAT_MULAW) && bits === 8);
  if (!ok) throw new Error(`unsupported WAV encoding (format 0x${code.toString(16)}, ${bits} bit); use PCM, float, A-law or mu-law`);
  if (channels < 1 || sampleRate < 1000 || sampleRate > 384000 || blockAlign < channels * (bits / 8)) {
    throw new Error(`invalid WAV format (${channels} channels, ${sampleRate} Hz, block ${blockAlign})`);
  }
  return { code, channels, sampleRate, bits, blockAlign };
}

/** Average of all channels, scaled to the int16 range. */
function mixToMono(f: Format, data: Buffer): Float32Array {
  const frames = Math.floor(data.length / f.blockAlign);
  const bytes = f.bits / 8;
  const out = new Float32Array(frames);
  if (f.code === WAVE_FORMAT_PCM && f.bits === 16 && f.blockAlign === 2 * f.channels && LITTLE_ENDIAN && data.byteOffset % 2 === 0) {
    // Fast path for the common case: read 16-bit samples through a typed-array view.
    const v = new Int16Array(data.buffer, data.byteOffset, frames * f.channels);
    for (let i = 0, o = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < f.channels; c++) sum += v[o++]!;
      out[i] = sum / f.channels;
    }
    return out;
  }
  const read = sampleReader(f, data);
  const gain = 1 / f.channels;
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0, off = i * f.blockAlign; c < f.channels; c++, off += bytes) sum += read(off);
    out[i] = sum * gain;
  }
  return out;
}

function sampleReader(f: Format, d: Buffer): (off: number) => number {
  if (f.code === WAVE_FORMAT_ALAW || f.code === WAVE_FORMAT_MULAW) {
    const table = decodeG711(f.code === WAVE_FORMAT_ALAW ? 'PCMA' : 'PCMU', Uint8Array.from({ length: 256 }, (_, i) => i));
    return (off) => table[d[off]!]!;
  }
  if (f.code === WAVE_FORMAT_IEEE_FLOAT) return f.bits === 32 ? (off) => d.readFloatLE(off) * 32768 : (off) => d.readDoubleLE(off) * 32768;
  switch (f.bits) {
    case 8:
      return (off) => (d[off]! - 128) * 256; // 8-bit WAV is unsigned
    case 16:
      return (off) => d.readInt16LE(off);
    case 24:
      return (off) => d.readIntLE(off, 3) / 256;
    default:
      return (off) => d.readInt32LE(off) / 65536;
  }
}

// ---------------------------------------------------------------- resampling

const ZERO_CROSSINGS = 12; // filter half-width in cycles of its cutoff
const PHASES = 256; // fractional input positions the kernel is tabulated for
const kernels = new Map<number, { weights: Float32Array[]; halfTaps: number }>();

/**
 * Windowed-sinc (Blackman) band-limited resampling with a polyphase table: the low-pass cutoff
 * sits just below 4 kHz so nothing above it aliases into the telephone band, and each output
 * sample is a plain dot product with the kernel for its fractional position (quantised to 1/256
 * of an input sample, far below G.711's own noise). A one-minute 44.1 kHz upload takes ~0.1 s.
 */
function resampleTo8k(x: Float32Array, inRate: number): Int16Array {
  if (inRate === RATE) return clipToInt16(x);
  let k = kernels.get(inRate);
  if (!k) {
    const cutoff = Math.min(1, RATE / inRate) * 0.92; // relative to the input Nyquist frequency
    const halfWidth = ZERO_CROSSINGS / cutoff; // in input samples
    const halfTaps = Math.ceil(halfWidth);
    const weights: Float32Array[] = [];
    for (let p = 0; p <= PHASES; p++) {
      const w = new Float32Array(2 * halfTaps);
      for (let j = 0; j < w.length; j++) {
        const t = j - halfTaps + 1 - p / PHASES; // distance of tap from the output position
        const a = Math.abs(t);
        const win = a >= halfWidth ? 0 : 0.42 + 0.5 * Math.cos((Math.PI * a) / halfWidth) + 0.08 * Math.cos((2 * Math.PI * a) / halfWidth);
        w[j] = cutoff * win * (t === 0 ? 1 : Math.sin(Math.PI * cutoff * t) / (Math.PI * cutoff * t));
      }
      weights.push(w);
    }
    k = { weights, halfTaps };
    kernels.set(inRate, k);
  }
  const { weights, halfTaps } = k;
  const step = inRate / RATE;
  const n = Math.floor(x.length / step);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const pos = i * step;
    const base = Math.floor(pos);
    const w = weights[Math.round((pos - base) * PHASES)]!;
    const first = base - halfTaps + 1;
    const lo = Math.max(0, -first);
    const hi = Math.min(w.length, x.length - first);
    let sum = 0;
    for (let j = lo; j < hi; j++) sum += x[first + j]! * w[j]!;
    y[i] = sum;
  }
  return clipToInt16(y);
}

function clipToInt16(x: Float32Array): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i]!);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

// ---------------------------------------------------------------- writing

/** dataBytes null: length not known yet, written as 0xFFFFFFFF (read to end of file by sox and by us). */
function wavHeader(out: Buffer, channels: number, sampleRate: number, dataBytes: number | null): Buffer {
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(dataBytes === null ? 0xffffffff : 36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * channels * 2, 28);
  out.writeUInt16LE(channels * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes ?? 0xffffffff, 40);
  return out;
}

/** 16-bit PCM WAV; stereo samples are interleaved (L R L R …). */
export function encodeWav(samples: Int16Array, channels: 1 | 2, sampleRate = RATE): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + samples.byteLength);
  wavHeader(out, channels, sampleRate, samples.byteLength);
  const data = out.subarray(HEADER_BYTES);
  Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).copy(data);
  if (!LITTLE_ENDIAN) data.swap16();
  return out;
}

/**
 * Streams a call recording (left = caller, right = us, say) to disk as 8 kHz 16-bit stereo WAV.
 * Frames collect in a one-second buffer that is written in one go, so a recording costs one
 * write per second. Until close() patches the header its sizes say "unknown" (0xFFFFFFFF), so a
 * file left by a crash still plays in sox and decodes with decodeAudioFileTo8k.
 */
export class StereoWavWriter {
  private static readonly FLUSH_SAMPLES = RATE * 2; // one second of interleaved stereo
  private pending = new Int16Array(StereoWavWriter.FLUSH_SAMPLES);
  private used = 0;
  private position = HEADER_BYTES;
  private writes: Promise<unknown> = Promise.resolve();
  private error: Error | null = null;
  private closing: Promise<{ path: string; durationMs: number; bytes: number }> | null = null;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
  ) {}

  static async open(path: string): Promise<StereoWavWriter> {
    const file = await open(path, 'w');
    try {
      await file.write(wavHeader(Buffer.alloc(HEADER_BYTES), 2, RATE, null), 0, HEADER_BYTES, 0);
    } catch (err) {
      await file.close();
      throw err;
    }
    return new StereoWavWriter(path, file);
  }

  /** One frame per channel, normally 160 samples; a shorter channel is padded with silence. */
  write(left: Int16Array, right: Int16Array): void {
    if (this.closing) throw new Error(`recording ${this.path} is closed`);
    const n = Math.max(left.length, right.length);
    if (this.used + 2 * n > this.pending.length) this.flush(Math.max(StereoWavWriter.FLUSH_SAMPLES, 2 * n));
    const p = this.pending;
    for (let i = 0, o = this.used; i < n; i++, o += 2) {
      p[o] = left[i] ?? 0;
      p[o + 1] = right[i] ?? 0;
    }
    this.used += 2 * n;
  }

  get durationMs(): number {
    return ((this.position - HEADER_BYTES + this.used * 2) / 4 / RATE) * 1000;
  }

  close(): Promise<{ path: string; durationMs: number; bytes: number }> {
    this.closing ??= (async () => {
      this.flush(0);
      await this.writes;
      const dataBytes = this.position - HEADER_BYTES;
      try {
        if (!this.error) await this.file.write(wavHeader(Buffer.alloc(HEADER_BYTES), 2, RATE, dataBytes), 0, HEADER_BYTES, 0);
      } finally {
        await this.file.close();
      }
      if (this.error) throw this.error;
      return { path: this.path, durationMs: (dataBytes / 4 / RATE) * 1000, bytes: this.position };
    })();
    return this.closing;
  }

  /** Queues the filled buffer on an in-order write chain and starts a fresh one (the old one is in flight). */
  private flush(nextCapacity: number): void {
    if (this.used > 0) {
      const chunk = Buffer.from(this.pending.buffer, this.pending.byteOffset, this.used * 2);
      if (!LITTLE_ENDIAN) chunk.swap16();
      const position = this.position;
      this.position += chunk.length;
      this.writes = this.writes.then(() =>
        this.error ? undefined : this.file.write(chunk, 0, chunk.length, position).catch((err: Error) => void (this.error ??= err)),
      );
      if (nextCapacity > 0) this.pending = new Int16Array(nextCapacity);
    }
    this.used = 0;
  }
}

// ---------------------------------------------------------------- voicemail

export type VoiceMessageState = 'continue' | 'max_length' | 'silence';

/**
 * Mono voicemail recording, 8 kHz. Ends at maxMs, or when silenceEndMs of continuous silence has
 * gone by. Silence counts from the very start too, so a caller who says nothing is let go after
 * silenceEndMs rather than recorded for maxMs; `heardSpeech` tells whether the message is empty.
 * The silence that ended the recording stays in it.
 */
export class VoiceMessageRecorder {
  private samples = new Int16Array(RATE);
  private length = 0;
  private silentSamples = 0;
  private speech = false;
  private state: VoiceMessageState = 'continue';
  private readonly maxSamples: number;
  private readonly silenceEndSamples: number;
  private readonly threshold: number;

  /** silenceThreshold: RMS level (int16 scale) below which a frame is silence; default 400 ≈ -38 dBFS. */
  constructor(opts: { maxMs: number; silenceEndMs: number; silenceThreshold?: number }) {
    this.maxSamples = Math.max(0, Math.round((opts.maxMs * RATE) / 1000));
    this.silenceEndSamples = Math.max(1, Math.round((opts.silenceEndMs * RATE) / 1000));
    this.threshold = opts.silenceThreshold ?? 400;
  }

  push(frame: Int16Array): VoiceMessageState {
    if (this.state !== 'continue') return this.state;
    const n = Math.min(frame.length, this.maxSamples - this.length);
    if (this.length + n > this.samples.length) {
      const grown = new Int16Array(Math.min(this.maxSamples, Math.max(this.samples.length * 2, this.length + n)));
      grown.set(this.samples.subarray(0, this.length));
      this.samples = grown;
    }
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const s = frame[i]!;
      this.samples[this.length + i] = s;
      energy += s * s;
    }
    this.length += n;
    if (n > 0 && energy > this.threshold * this.threshold * n) {
      this.speech = true;
      this.silentSamples = 0;
    } else {
      this.silentSamples += n;
    }
    if (this.length >= this.maxSamples) this.state = 'max_length';
    else if (this.silentSamples >= this.silenceEndSamples) this.state = 'silence';
    return this.state;
  }

  get heardSpeech(): boolean {
    return this.speech;
  }

  get durationMs(): number {
    return (this.length / RATE) * 1000;
  }

  toWav(): Buffer {
    return encodeWav(this.samples.subarray(0, this.length), 1);
  }
}
