import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

/** The answering API over HTTP, on the starter knowledge, with its log, rating, callbacks and learning loop. */
for (const target of testDatabaseTargets()) {
  describe(`answering API (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    before(async () => {
      db = await target.open();
      app = await startTestApp(db);
    });
    after(async () => {
      await app.close();
      await db.close();
    });
    const ask = (body: unknown) => app.request('POST', '/api/v1/answer', { body });

    it('rejects bad input with a 400 naming the field', async () => {
      for (const body of [{ question: '' }, { question: '   ' }, { question: '问'.repeat(501) }, { question: 123 }, {}, { question: '失业金', region: 'NOT A CODE' }]) {
        const res = await ask(body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.ok(JSON.stringify(res.body).includes(Object.keys(body).includes('region') ? 'region' : 'question'), JSON.stringify(res.body));
      }
    });

    it('answers a citizen in their own words, with the legal basis and candidates', async () => {
      const res = await ask({ question: '您好，請問俺在單位幹活時受傷了，算不算工傷？' });
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'answered', JSON.stringify(res.body.candidates));
      assert.ok(res.body.answer.legalBasis.length > 0);
      assert.ok(res.body.answer.legalBasis.every((b: any) => typeof b.law === 'string' && Number.isInteger(b.article)));
      assert.ok(res.body.candidates[0].topicIds.length > 0);
      assert.equal(res.body.candidates[0].entryId, res.body.answer.entryId);
      assert.match(res.body.sessionId, /^[A-Za-z0-9-]{8,64}$/);
    });

    it('declines out-of-scope questions with the hotline and the offer of a person in working hours', async () => {
      const res = await ask({ question: '公积金贷款额度怎么算' });
      assert.equal(res.body.status, 'no_answer');
      assert.equal(res.body.referral.hotline.number, '12329');
      assert.equal(res.body.handoff.inWorkingHours, true, 'Tuesday 10:00 is inside the demo centers’ hours');
    });

    it('hands a caller threatening self-harm to a person, urgent, and a callback request from that session is urgent', async () => {
      const res = await ask({ question: '工伤一直认定不下来,不给认定我就跳楼' });
      assert.equal(res.body.status, 'handoff');
      assert.equal(res.body.handoff.urgent, true);
      const bad = await app.request('POST', '/api/v1/answer/callback-requests', { body: { sessionId: res.body.sessionId, phone: '12345', question: '请回电' } });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body), /phone/);
      const cb = await app.request('POST', '/api/v1/answer/callback-requests', { body: { sessionId: res.body.sessionId, phone: '139 1234 5678', question: '工伤认定的事请回电' } });
      assert.equal(cb.status, 201);
      assert.equal(cb.body.urgent, true);
      assert.equal((await app.request('GET', '/api/v1/answer/callback-requests')).status, 401);
      const list = await app.request('GET', '/api/v1/answer/callback-requests?status=open', { token: await app.login('agent.cc') });
      assert.equal(list.status, 200);
      assert.equal(list.body.items[0].phone, '13912345678', 'agents need the number to call back');
      assert.equal(list.body.items[0].urgent, true);
    });

    it('logs every question with personal data masked, and takes ratings', async () => {
      const res = await ask({ question: '我身份证220102199001011234,电话13912345678,失业金怎么领' });
      await app.modules.answering.flush();
      const rows = await db.db.selectFrom('answer_log').select(['question', 'status', 'session_id']).where('session_id', '=', res.body.sessionId).execute();
      assert.equal(rows.length, 1);
      assert.ok(!rows[0]!.question.includes('13912345678') && !rows[0]!.question.includes('199001011234'), rows[0]!.question);
      assert.match(rows[0]!.question, /139\*{4}5678/);
      const entryId = res.body.answer?.entryId ?? res.body.candidates[0].entryId;
      const rated = await app.request('POST', '/api/v1/answer/rating', { body: { sessionId: res.body.sessionId, entryId, useful: true } });
      assert.equal(rated.status, 204);
      const stats = await db.db.selectFrom('kb_feedback').select(['useful']).where('entry_id', '=', entryId).execute();
      assert.ok(stats.some((s) => s.useful === true), 'the rating reaches the entry’s statistics');
      const wrong = await app.request('POST', '/api/v1/answer/rating', { body: { sessionId: '00000000-0000', entryId, useful: false } });
      assert.equal(wrong.status, 404);
    });

    it('groups unanswered questions for editors, who turn one into a similar question in one action', async () => {
      const questions = ['电子社保卡在哪个小程序上激活', '电子社保卡激活在哪个小程序', '我家的猫不吃饭'];
      for (const question of questions) await ask({ question });
      const editor = await app.login('editor');
      const queue = await app.request('GET', '/api/v1/answer/review-queue?days=1', { token: editor });
      assert.equal(queue.status, 200);
      const group = queue.body.groups.find((g: any) => g.examples.some((e: string) => e.includes('电子社保卡')));
      assert.ok(group, JSON.stringify(queue.body.groups.map((g: any) => g.examples)));
      assert.equal(group.count, 2, 'the two wordings of one question form one group');
      assert.equal((await app.request('GET', '/api/v1/answer/review-queue', { token: await app.login('agent.cc') })).status, 403);

      const entries = await app.request('GET', '/api/v1/kb/entries?q=社保卡&pageSize=5', { token: editor });
      const target = entries.body.items[0];
      const add = await app.request('POST', '/api/v1/answer/review-queue/add-similar', {
        token: editor,
        body: { logIds: group.logIds, entryId: target.id, question: '电子社保卡在哪个小程序上激活' },
      });
      assert.equal(add.status, 200, JSON.stringify(add.body));
      assert.equal(add.body.resolved, 2);
      const entry = await app.request('GET', `/api/v1/kb/entries/${target.id}`, { token: editor });
      assert.ok(entry.body.content.similarQuestions.includes('电子社保卡在哪个小程序上激活'));
      assert.equal(entry.body.status, 'draft', 'the change goes through review like any other');
      const after = await app.request('GET', '/api/v1/answer/review-queue?days=1', { token: editor });
      assert.ok(!after.body.groups.some((g: any) => g.examples.some((e: string) => e.includes('电子社保卡'))));
      const audit = await db.db.selectFrom('audit_log').select(['action']).where('action', '=', 'answering.question_resolved').execute();
      assert.equal(audit.length, 1);
    });
  });
}
