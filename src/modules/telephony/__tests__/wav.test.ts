import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import wavefile from 'wavefile';
import { decodeAudioFileTo8k, encodeWav, StereoWavWriter, VoiceMessageRecorder } from '../media/wav.js';

function sine(rate: number, freq: number, seconds: number, amplitude = 10000): Float64Array {
  return Float64Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / rate));
}

function rms(x: Int16Array, skip = 200): number {
  let e = 0;
  for (let i = skip; i < x.length - skip; i++) e += x[i]! * x[i]!;
  return Math.sqrt(e / (x.length - 2 * skip));
}

/** Sign changes per second / 2: the frequency of a clean tone. */
function frequency(x: Int16Array): number {
  let crossings = 0;
  for (let i = 1; i < x.length; i++) if (x[i - 1]! < 0 !== x[i]! < 0) crossings++;
  return (crossings / 2) * (8000 / x.length);
}

/** A WAV made by wavefile in the given encoding; int16-scale input samples are converted to it. */
function wavefileWav(rate: number, depth: string, channels: Float64Array[]): Buffer {
  const scale: Record<string, (v: number) => number> = {
    '8': (v) => Math.round(v / 256) + 128,
    '16': (v) => Math.round(v),
    '24': (v) => Math.round(v * 256),
    '32': (v) => Math.round(v * 65536),
    '32f': (v) => v / 32768,
    '64': (v) => v / 32768,
  };
  const w = new wavefile.WaveFile();
  const g711 = depth === '8a' || depth === '8m';
  const f = scale[g711 ? '16' : depth]!;
  w.fromScratch(channels.length, rate, g711 ? '16' : depth, channels.map((c) => Array.from(c, f)));
  if (depth === '8a') w.toALaw();
  if (depth === '8m') w.toMuLaw();
  return Buffer.from(w.toBuffer());
}

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wav-test-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('decodeAudioFileTo8k', () => {
  for (const [rate, depth] of [
    [8000, '16'],
    [8000, '8a'],
    [8000, '8m'],
    [11025, '8'],
    [16000, '16'],
    [22050, '16'],
    [44100, '24'],
    [48000, '32'],
    [44100, '32f'],
    [96000, '64'],
  ] as const) {
    it(`reads ${depth}-bit ${rate} Hz stereo as an 8 kHz mono 1 kHz tone`, () => {
      const tone = sine(rate, 1000, 0.5);
      const out = decodeAudioFileTo8k(wavefileWav(rate, depth, [tone, tone]));
      assert.ok(Math.abs(out.length - 4000) <= 1, `length ${out.length}`);
      assert.ok(Math.abs(frequency(out) - 1000) < 10, `frequency ${frequency(out)}`);
      const level = rms(out) / (10000 / Math.SQRT2);
      assert.ok(level > 0.95 && level < 1.05, `level ${level}`);
    });
  }

  it('mixes channels (opposite phases cancel) and keeps 8 kHz 16-bit mono sample-exact', () => {
    const tone = sine(16000, 500, 0.2);
    const cancelled = decodeAudioFileTo8k(wavefileWav(16000, '16', [tone, tone.map((v) => -v)]));
    assert.ok(rms(cancelled, 0) < 1);
    const pcm = Int16Array.from({ length: 1000 }, (_, i) => (i * 37) % 65536 - 32768);
    assert.deepEqual(decodeAudioFileTo8k(encodeWav(pcm, 1)), pcm);
  });

  it('keeps energy above 4 kHz from aliasing into the telephone band', () => {
    const out = decodeAudioFileTo8k(wavefileWav(44100, '16', [sine(44100, 5000, 0.5)])); // would alias to 3 kHz
    assert.ok(rms(out) < 10, `residual ${rms(out)}`);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE, odd-sized chunks before the data, and unknown data sizes', () => {
    const pcm = Int16Array.from({ length: 800 }, (_, i) => i * 10);
    const plain = encodeWav(pcm, 1);
    const fmt = Buffer.alloc(8 + 40);
    fmt.write('fmt ', 0, 'latin1');
    fmt.writeUInt32LE(40, 4);
    plain.copy(fmt, 8, 20, 36); // the 16 bytes of the plain fmt body
    fmt.writeUInt16LE(0xfffe, 8);
    fmt.writeUInt16LE(22, 24); // cbSize
    fmt.writeUInt16LE(16, 26); // valid bits
    fmt.writeUInt16LE(1, 32); // SubFormat GUID starts with the format code (PCM)
    const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1'); // odd size, one pad byte
    const data = Buffer.from(plain.subarray(36));
    data.writeUInt32LE(0xffffffff, 4); // streamed: size unknown
    const file = Buffer.concat([Buffer.from('RIFF\xff\xff\xff\xffWAVE', 'latin1'), fmt, list, data]);
    assert.deepEqual(decodeAudioFileTo8k(file), pcm);
  });

  it('rejects what is not a WAV it can read, with a clear message', () => {
    assert.throws(() => decodeAudioFileTo8k(Buffer.from('ID3\x04\x00 this is an mp3')), /not a WAV file/);
    assert.throws(() => decodeAudioFileTo8k(Buffer.alloc(0)), /not a WAV file/);
    const adpcm = encodeWav(new Int16Array(10), 1);
    adpcm.writeUInt16LE(0x11, 20);
    assert.throws(() => decodeAudioFileTo8k(adpcm), /unsupported WAV encoding \(format 0x11/);
    assert.throws(() => decodeAudioFileTo8k(encodeWav(new Int16Array(10), 1).subarray(0, 30)), /truncated|no fmt/);
    const noData = encodeWav(new Int16Array(0), 1).subarray(0, 36);
    assert.throws(() => decodeAudioFileTo8k(noData), /no data chunk/);
  });
});

describe('encodeWav', () => {
  it('writes interleaved stereo that wavefile reads back', () => {
    const pcm = Int16Array.from([1, -1, 2, -2, 32767, -32768]);
    const w = new wavefile.WaveFile(encodeWav(pcm, 2, 16000));
    const fmt = w.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
    assert.deepEqual([fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [2, 16000, 16]);
    assert.deepEqual([...w.getSamples(true, Int16Array)], [...pcm]);
  });
});

describe('StereoWavWriter', () => {
  it('streams a call to disk that wavefile and sox read correctly', async () => {
    const file = path.join(dir, 'call.wav');
    const w = await StereoWavWriter.open(file);
    const frames = 175; // 3.5 s: three full one-second flushes and a partial one
    for (let f = 0; f < frames; f++) {
      const left = Int16Array.from({ length: 160 }, (_, i) => f * 160 + i - 16000);
      const right = Int16Array.from({ length: 160 }, (_, i) => -(f * 160 + i));
      w.write(left, right);
    }
    assert.equal(w.durationMs, 3500);
    const result = await w.close();
    assert.deepEqual(result, { path: file, durationMs: 3500, bytes: 44 + frames * 160 * 4 });
    assert.equal(fs.statSync(file).size, result.bytes);
    assert.equal(await w.close(), result, 'close is idempotent');
    assert.throws(() => w.write(new Int16Array(160), new Int16Array(160)), /closed/);

    const wf = new wavefile.WaveFile(fs.readFileSync(file));
    const fmt = wf.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
    assert.deepEqual([fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample], [2, 8000, 16]);
    const [left, right] = wf.getSamples(false, Int16Array) as unknown as Int16Array[];
    assert.equal(left!.length, 28000);
    for (const i of [0, 159, 160, 8000, 27999]) {
      assert.equal(left![i], i - 16000);
      assert.equal(right![i], i === 0 ? 0 : -i);
    }

    const info = execFileSync('sox', ['--i', file], { encoding: 'utf8' });
    assert.match(info, /Channels\s*:\s*2/);
    assert.match(info, /Sample Rate\s*:\s*8000/);
    assert.match(info, /Precision\s*:\s*16-bit/);
    assert.match(info, /Duration\s*:\s*00:00:03\.50 = 28000 samples/);
  });

  it('pads a short channel with silence and handles frames of any size', async () => {
    const file = path.join(dir, 'short.wav');
    const w = await StereoWavWriter.open(file);
    w.write(Int16Array.of(1, 2, 3), Int16Array.of(9));
    w.write(new Int16Array(20000).fill(5), new Int16Array(20000).fill(6)); // bigger than the flush buffer
    await w.close();
    const samples = new wavefile.WaveFile(fs.readFileSync(file)).getSamples(true, Int16Array);
    assert.deepEqual([...samples.subarray(0, 8)], [1, 9, 2, 0, 3, 0, 5, 6]);
    assert.equal(samples.length, 2 * 20003);
  });

  it('leaves a readable file when the process dies before close (header says "unknown length")', async () => {
    const file = path.join(dir, 'crash.wav');
    const w = await StereoWavWriter.open(file);
    fs.appendFileSync(file, Buffer.alloc(3200, 1)); // as if one flush had landed
    const pcm = decodeAudioFileTo8k(fs.readFileSync(file));
    assert.equal(pcm.length, 800);
    await w.close();
  });

  it('records many calls at once', async () => {
    const writers = await Promise.all(Array.from({ length: 50 }, (_, i) => StereoWavWriter.open(path.join(dir, `many-${i}.wav`))));
    const frame = new Int16Array(160).fill(100);
    for (let f = 0; f < 120; f++) for (const w of writers) w.write(frame, frame);
    const results = await Promise.all(writers.map((w) => w.close()));
    for (const r of results) assert.equal(decodeAudioFileTo8k(fs.readFileSync(r.path)).length, 120 * 160);
  });

  it('reports a missing directory from open', async () => {
    await assert.rejects(StereoWavWriter.open(path.join(dir, 'no/such/dir.wav')), /ENOENT/);
  });
});

describe('VoiceMessageRecorder', () => {
  const speech = Int16Array.from({ length: 160 }, (_, i) => Math.round(3000 * Math.sin(i / 2)));
  const quiet = Int16Array.from({ length: 160 }, (_, i) => (i % 2 ? 50 : -50));

  it('ends after the configured silence following speech, keeping everything recorded', () => {
    const r = new VoiceMessageRecorder({ maxMs: 60_000, silenceEndMs: 2000 });
    for (let i = 0; i < 100; i++) assert.equal(r.push(speech), 'continue');
    for (let i = 0; i < 99; i++) assert.equal(r.push(quiet), 'continue');
    assert.equal(r.push(quiet), 'silence');
    assert.equal(r.push(speech), 'silence', 'stays ended');
    assert.equal(r.heardSpeech, true);
    assert.equal(r.durationMs, 4000);
    const wav = r.toWav();
    assert.deepEqual(decodeAudioFileTo8k(wav).subarray(0, 160), speech);
    assert.equal(wav.length, 44 + 4000 * 8 * 2);
  });

  it('lets a silent caller go after silenceEndMs from the start', () => {
    const r = new VoiceMessageRecorder({ maxMs: 60_000, silenceEndMs: 1000 });
    let state = 'continue';
    let frames = 0;
    while (state === 'continue') {
      state = r.push(quiet);
      frames++;
    }
    assert.equal(state, 'silence');
    assert.equal(frames, 50);
    assert.equal(r.heardSpeech, false);
  });

  it('speech resets the silence count; stops at exactly maxMs', () => {
    const r = new VoiceMessageRecorder({ maxMs: 1010, silenceEndMs: 300, silenceThreshold: 100 });
    const states: string[] = [];
    for (let i = 0; i < 60; i++) states.push(r.push(i % 10 === 9 ? speech : quiet));
    assert.equal(states.indexOf('max_length'), 50);
    assert.ok(!states.includes('silence'));
    assert.equal(r.durationMs, 1010);
  });
});
