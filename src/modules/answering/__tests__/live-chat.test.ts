import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

/** A citizen who asks for a person talks to an agent who is taking chats; otherwise gets the callback offer. */
for (const target of testDatabaseTargets()) {
  describe(`live chat (${target.name})`, () => {
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

    it('with no agent taking chats, a hand-off offers no chat and starting one is refused with the callback hint', async () => {
      const handoff = await app.request('POST', '/api/v1/answer', { body: { question: '转人工', region: 'jl-changchun' } });
      assert.equal(handoff.body.status, 'handoff');
      assert.equal(handoff.body.handoff.liveChat, false);
      const start = await app.request('POST', '/api/v1/answer/live-chats', { body: { question: '我的失业金怎么还没到账', region: 'jl-changchun' } });
      assert.equal(start.status, 409);
      assert.equal(start.body.error.details.callback, true);
    });

    it('an agent takes chats for their region and below; the citizen and the agent talk; only one agent can take a chat', async () => {
      const agentCc = await app.login('agent.cc');
      const agentJl = await app.login('agent.jl');
      const lead = await app.login('lead.cc');
      assert.equal((await app.request('PUT', '/api/v1/answer/live-chat-agents/me', { body: { available: true } })).status, 401);
      assert.equal((await app.request('PUT', '/api/v1/answer/live-chat-agents/me', { token: agentCc, body: { available: true } })).status, 200);
      await app.request('PUT', '/api/v1/answer/live-chat-agents/me', { token: agentJl, body: { available: true } });
      await app.request('PUT', '/api/v1/answer/live-chat-agents/me', { token: lead, body: { available: true } });

      // 长春's agent serves 农安 (a county of 长春); 吉林市's agent does not.
      assert.equal((await app.request('GET', '/api/v1/answer/live-chats/availability?region=jl-changchun-nongan')).body.agents, 2);
      const handoff = await app.request('POST', '/api/v1/answer', { body: { question: '转人工', region: 'jl-changchun-nongan' } });
      assert.equal(handoff.body.handoff.liveChat, true);

      const bad = await app.request('POST', '/api/v1/answer/live-chats', { body: { question: '', region: 'jl-changchun-nongan' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.fields[0].field, 'body.question');
      const start = await app.request('POST', '/api/v1/answer/live-chats', { body: { question: '我在农安,工伤认定材料交了两个月没消息', region: 'jl-changchun-nongan' } });
      assert.equal(start.status, 201);
      const { id, token } = start.body;
      assert.equal(start.body.status, 'waiting');

      const jlList = await app.request('GET', '/api/v1/answer/live-chats', { token: agentJl });
      assert.equal(jlList.status, 200, JSON.stringify(jlList.body));
      const seenByJilin = jlList.body.items;
      assert.ok(!seenByJilin.some((c: any) => c.id === id), '吉林市 does not serve 农安');
      assert.equal((await app.request('POST', `/api/v1/answer/live-chats/${id}/accept`, { token: agentJl })).status, 404);
      const ccList = await app.request('GET', '/api/v1/answer/live-chats', { token: agentCc });
      assert.equal(ccList.status, 200, JSON.stringify(ccList.body));
      const waiting = ccList.body.items;
      assert.ok(waiting.some((c: any) => c.id === id && c.status === 'waiting' && c.regionName));

      const accepted = await app.request('POST', `/api/v1/answer/live-chats/${id}/accept`, { token: agentCc });
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.status, 'active');
      assert.equal((await app.request('POST', `/api/v1/answer/live-chats/${id}/accept`, { token: lead })).status, 409, 'first agent wins');
      assert.equal((await app.request('POST', `/api/v1/answer/live-chats/${id}/replies`, { token: lead, body: { text: '我来' } })).status, 403);

      await app.request('POST', `/api/v1/answer/live-chats/${id}/replies`, { token: agentCc, body: { text: '您好,请提供受理回执上的编号' } });
      const citizenView = await app.request('GET', `/api/v1/answer/live-chats/${id}?token=${token}`);
      assert.equal(citizenView.status, 200);
      assert.equal(citizenView.body.status, 'active');
      assert.ok(citizenView.body.agentName);
      assert.deepEqual(citizenView.body.messages.map((m: any) => m.sender), ['citizen', 'system', 'agent']);
      const last = citizenView.body.messages.at(-1).id;
      await app.request('POST', `/api/v1/answer/live-chats/${id}/messages`, { body: { token, text: '编号是 GS2026-1130' } });
      const fresh = await app.request('GET', `/api/v1/answer/live-chats/${id}/desk?after=${last}`, { token: agentCc });
      assert.deepEqual(fresh.body.messages.map((m: any) => m.text), ['编号是 GS2026-1130']);

      // A wrong token reads nothing.
      assert.equal((await app.request('GET', `/api/v1/answer/live-chats/${id}?token=${'x'.repeat(32)}`)).status, 404);

      assert.equal((await app.request('POST', `/api/v1/answer/live-chats/${id}/close`, { body: { token } })).status, 204);
      const closed = await app.request('GET', `/api/v1/answer/live-chats/${id}?token=${token}`);
      assert.equal(closed.body.status, 'closed');
      assert.equal((await app.request('POST', `/api/v1/answer/live-chats/${id}/replies`, { token: agentCc, body: { text: '还在吗' } })).status, 409);
      const audit = await app.request('GET', `/api/v1/audit?entityType=live_chat&entityId=${id}`, { token: await app.login('admin') });
      assert.deepEqual(audit.body.items.map((a: any) => a.action).sort(), ['answering.live_chat_accepted', 'answering.live_chat_closed', 'answering.live_chat_started']);

      // Stopping takes the agent out at once.
      await app.request('PUT', '/api/v1/answer/live-chat-agents/me', { token: agentCc, body: { available: false } });
      await app.request('PUT', '/api/v1/answer/live-chat-agents/me', { token: lead, body: { available: false } });
      assert.equal((await app.request('GET', '/api/v1/answer/live-chats/availability?region=jl-changchun')).body.available, false);
    });

    it('an agent who stops renewing drops out after a minute', async () => {
      const agent = await app.login('agent.na');
      await app.request('PUT', '/api/v1/answer/live-chat-agents/me', { token: agent, body: { available: true } });
      assert.equal((await app.request('GET', '/api/v1/answer/live-chats/availability?region=jl-changchun-nongan')).body.available, true);
      app.clock.advance(61_000);
      assert.equal((await app.request('GET', '/api/v1/answer/live-chats/availability?region=jl-changchun-nongan')).body.available, false);
    });
  });
}
