import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import alawmulaw from 'alawmulaw';
import { decodeG711, encodeG711, G711_SILENCE, type G711Codec } from '../media/g711.js';

const LAWS: [G711Codec, typeof alawmulaw.alaw][] = [
  ['PCMA', alawmulaw.alaw],
  ['PCMU', alawmulaw.mulaw],
];

describe('G.711', () => {
  for (const [codec, reference] of LAWS) {
    it(`${codec}: tables agree with alawmulaw for every sample and every code`, () => {
      const all = new Int16Array(65536);
      for (let i = 0; i < 65536; i++) all[i] = i - 32768;
      assert.deepEqual(new Uint8Array(encodeG711(codec, all)), reference.encode(all));
      const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
      assert.deepEqual(decodeG711(codec, codes), reference.decode(codes));
    });

    it(`${codec}: silence code decodes to (near) zero and zero encodes to it`, () => {
      assert.equal(encodeG711(codec, new Int16Array(1))[0], G711_SILENCE[codec]);
      assert.ok(Math.abs(decodeG711(codec, Uint8Array.of(G711_SILENCE[codec]))[0]!) <= 8);
    });

    it(`${codec}: round trip keeps a 1 kHz tone within the law's quantisation error`, () => {
      const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
      const back = decodeG711(codec, encodeG711(codec, pcm));
      for (let i = 0; i < pcm.length; i++) assert.ok(Math.abs(back[i]! - pcm[i]!) <= Math.abs(pcm[i]!) / 16 + 16, `sample ${i}`);
    });

    it(`${codec}: writes into caller-supplied buffers and returns views of the right length`, () => {
      const out = Buffer.alloc(200);
      const enc = encodeG711(codec, new Int16Array(160), out);
      assert.equal(enc.length, 160);
      assert.equal(enc.buffer, out.buffer);
      const pcm = new Int16Array(200);
      const dec = decodeG711(codec, enc, pcm);
      assert.equal(dec.length, 160);
      assert.equal(dec.buffer, pcm.buffer);
      assert.throws(() => encodeG711(codec, new Int16Array(160), Buffer.alloc(10)), RangeError);
    });
  }

  it('is fast enough for 500 calls (logs frames per second)', () => {
    const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    const buf = Buffer.alloc(160);
    const out = new Int16Array(160);
    const frames = 200_000;
    for (const codec of ['PCMA', 'PCMU'] as const) {
      let t = performance.now();
      for (let i = 0; i < frames; i++) encodeG711(codec, pcm, buf);
      const enc = performance.now() - t;
      t = performance.now();
      for (let i = 0; i < frames; i++) decodeG711(codec, buf, out);
      const dec = performance.now() - t;
      t = performance.now();
      for (let i = 0; i < frames / 10; i++) alawmulaw.alaw.encode(pcm);
      const lib = (performance.now() - t) * 10;
      console.log(
        `${codec}: encode ${((enc * 1e6) / frames).toFixed(0)} ns/frame, decode ${((dec * 1e6) / frames).toFixed(0)} ns/frame ` +
          `(alawmulaw encode ${((lib * 1e6) / frames).toFixed(0)} ns/frame)`,
      );
      // 500 calls × 50 frames/s each way = 25 000 frames/s: must be far below one core.
      assert.ok(((enc + dec) / frames) * 25_000 < 200, 'G.711 for 500 calls takes under 20% of a core');
    }
  });
});
