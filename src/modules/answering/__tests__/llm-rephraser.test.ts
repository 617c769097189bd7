import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { openDatabase, type Database } from '../../../platform/db/database.js';
import { rephrasingProblem } from '../rephrasing/llm-rephraser.js';

/**
 * The optional language model, against a local OpenAI-compatible server: it may reword an answer,
 * never add a figure, and the engine answers on its own when the model fails or is slow.
 */
describe('optional LLM rephrasing', () => {
  let server: Server;
  let mode: 'good' | 'adds-figure' | 'error' | 'slow' = 'good';
  const seen: any[] = [];
  let db: Database;
  let app: TestApp;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body);
        seen.push({ url: req.url, auth: req.headers.authorization, body: parsed });
        const source = String(parsed.messages[1].content).split('标准答复:')[1] ?? '';
        const reply = (content: string) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
        if (mode === 'error') return res.writeHead(500).end('{}');
        if (mode === 'slow') return setTimeout(() => reply('太慢了'), 1500);
        if (mode === 'adds-figure') return reply(`您好,按规定可以领取 24 个月,另外补助 5000 元。${source.slice(0, 20)}`);
        return reply(`针对您的情况:${source.slice(0, 60)}`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    db = await openDatabase({ kind: 'pglite', dataDir: null });
    app = await startTestApp(db, { env: { LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_API_KEY: 'k-test', LLM_TIMEOUT_MS: '500' } });
  });
  after(async () => {
    await app.close();
    await db.close();
    server.close();
  });

  const ask = (question: string) => app.request('POST', '/api/v1/answer', { body: { question } });

  it('rewords the answer for the question, keeps the entry’s own text, and sends the model no personal data', async () => {
    mode = 'good';
    const res = await ask('我电话13912345678,在单位干活时受伤了算工伤吗');
    assert.equal(res.body.status, 'answered');
    assert.match(res.body.answer.rephrased, /^针对您的情况:/);
    assert.equal(res.body.message, res.body.answer.rephrased);
    assert.notEqual(res.body.answer.text, res.body.answer.rephrased, 'the answer of record is kept');
    const call = seen.at(-1);
    assert.equal(call.url, '/v1/chat/completions');
    assert.equal(call.auth, 'Bearer k-test');
    assert.ok(!JSON.stringify(call.body).includes('13912345678'), 'the phone number is masked');
  });

  it('throws away a rephrasing that adds a figure, and answers without the model when it fails or is slow', async () => {
    for (const m of ['adds-figure', 'error', 'slow'] as const) {
      mode = m;
      const res = await ask('在单位干活时受伤了算工伤吗');
      assert.equal(res.body.status, 'answered', m);
      assert.equal(res.body.answer.rephrased, undefined, m);
      assert.equal(res.body.message, res.body.answer.text, m);
    }
  });

  it('finds added figures in Arabic and Chinese numerals', () => {
    const source = '累计缴费满1年不满5年的,领取失业保险金的期限最长为12个月。';
    assert.equal(rephrasingProblem(source, '缴费满1年不满5年,最长可领12个月。'), null);
    assert.match(rephrasingProblem(source, '最长可领24个月。') ?? '', /24/);
    assert.match(rephrasingProblem(source, '最长可以领十八个月。') ?? '', /十八个月/);
    assert.match(rephrasingProblem(source, '按工资的百分之八十发放。') ?? '', /百分之八十/);
  });
});
