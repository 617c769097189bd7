import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EspeakNgTts, espeakAvailable } from '../prompts/text-to-speech.js';

const available = await espeakAvailable();

describe('EspeakNgTts', () => {
  it('synthesises Mandarin as more than half a second of audible 8 kHz audio', { skip: !available && 'espeak-ng not installed' }, async () => {
    const tts = new EspeakNgTts();
    assert.equal(tts.name, 'espeak-ng');
    const pcm = await tts.synthesize('欢迎致电12333');
    assert.ok(pcm instanceof Int16Array);
    assert.ok(pcm.length > 4000, `${pcm.length / 8} ms`);
    // At least half a second of 20 ms frames that are clearly above silence.
    let loud = 0;
    for (let f = 0; f + 160 <= pcm.length; f += 160) {
      let e = 0;
      for (let i = f; i < f + 160; i++) e += pcm[i]! * pcm[i]!;
      if (Math.sqrt(e / 160) > 300) loud++;
    }
    assert.ok(loud * 20 > 500, `${loud * 20} ms of speech`);
  });

  it('takes text that looks like an option literally', { skip: !available && 'espeak-ng not installed' }, async () => {
    const pcm = await new EspeakNgTts({ speed: 200 }).synthesize('--help 你好');
    assert.ok(pcm.length > 1600);
  });

  it('says how to install espeak-ng when it is missing', async () => {
    assert.equal(await espeakAvailable('/nonexistent/espeak-ng'), false);
    await assert.rejects(new EspeakNgTts({ binary: '/nonexistent/espeak-ng' }).synthesize('你好'), /apt-get install espeak-ng/);
  });

  it('reports a failing synthesiser with its exit status', async () => {
    await assert.rejects(new EspeakNgTts({ binary: 'false' }).synthesize('你好'), /false failed: exit code 1/);
  });
});
