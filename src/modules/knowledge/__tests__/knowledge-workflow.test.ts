import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

const content = (over: Record<string, unknown> = {}) => ({
  library: 'qa',
  businessLine: 'labour_relations',
  regionCenterId: null,
  title: '未签书面劳动合同的二倍工资',
  question: '用人单位不签劳动合同要支付二倍工资吗',
  similarQuestions: ['老板一直不跟我签合同能要双倍工资吗', '入职三个月没签合同怎么办', '不签合同公司要赔钱吗'],
  shortAnswer: '用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。',
  fullAnswer: '### 二倍工资\n\n自用工之日起满一个月的次日起算，最多十一个月。',
  legalBasis: [{ law: '劳动合同法', article: 82 }],
  topics: ['S009'],
  keywords: ['双倍工资'],
  ...over,
});

for (const target of testDatabaseTargets()) {
  describe(`knowledge workflow (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    let editor: string;
    let editor2: string;
    let agent: string;
    let leadCc: string;
    let centers: Map<string, number>;
    before(async () => {
      db = await target.open();
      app = await startTestApp(db, { env: { KB_STARTER_CONTENT: 'false' } });
      [editor, editor2, agent, leadCc] = (await Promise.all(['editor', 'editor2', 'agent.cc', 'lead.cc'].map((u) => app.login(u)))) as [string, string, string, string];
      const res = await app.request('GET', '/api/v1/centers', { token: await app.login('admin') });
      centers = new Map(res.body.items.map((c: any) => [c.code, c.id]));
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    const publicSearch = async (q: string, region?: string) =>
      (await app.request('GET', `/api/v1/kb/public/search?q=${encodeURIComponent(q)}${region ? `&region=${region}` : ''}`)).body.items as any[];

    it('an unapproved draft is never visible to citizens or agents, and the author cannot approve it', async () => {
      const created = await app.request('POST', '/api/v1/kb/entries', { token: editor, body: { content: content() } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id;
      assert.equal(created.body.status, 'draft');
      assert.equal(created.body.liveForCitizens, false);
      assert.equal((await publicSearch('不签合同双倍工资')).length, 0);
      assert.equal((await app.request('GET', `/api/v1/kb/public/entries/${id}`)).status, 404);
      assert.equal((await app.request('GET', `/api/v1/kb/entries/${id}`, { token: agent })).status, 404);
      const agentList = await app.request('GET', '/api/v1/kb/entries?q=双倍工资', { token: agent });
      assert.equal(agentList.body.total, 0);

      assert.equal((await app.request('POST', `/api/v1/kb/entries/${id}/submit`, { token: editor })).body.status, 'in_review');
      assert.equal((await publicSearch('不签合同双倍工资')).length, 0, 'in review is not published');
      const self = await app.request('POST', `/api/v1/kb/entries/${id}/approve`, { token: editor, body: {} });
      assert.equal(self.status, 403);
      assert.equal((await app.request('POST', `/api/v1/kb/entries/${id}/approve`, { token: agent, body: {} })).status, 403);

      const approved = await app.request('POST', `/api/v1/kb/entries/${id}/approve`, { token: editor2, body: { comment: '同意' } });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.status, 'published');
      assert.equal(approved.body.liveForCitizens, true);
      const found = await publicSearch('公司没跟我签合同,能要双倍工资吗');
      assert.equal(found[0]?.entry.id, id);
      assert.equal((await app.request('GET', `/api/v1/kb/entries/${id}`, { token: agent })).status, 200);

      const audit = await app.request('GET', `/api/v1/audit?entityType=kb_entry&entityId=${id}`, { token: await app.login('admin') });
      const actions = audit.body.items.map((r: any) => r.action);
      for (const a of ['knowledge.entry_create', 'knowledge.entry_submit', 'knowledge.entry_approve']) assert.ok(actions.includes(a), `${a} in ${actions}`);
    });

    it('editing a published entry makes a new version; citizens keep the published text until it is approved', async () => {
      const id = (await publicSearch('不签合同双倍工资'))[0].entry.id;
      const saved = await app.request('PUT', `/api/v1/kb/entries/${id}`, {
        token: editor,
        body: { content: content({ shortAnswer: '新版答复：超过一个月不满一年未订立书面劳动合同，每月支付二倍工资，最多十一个月。' }), changeNote: '补充最多十一个月' },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.version, 2);
      assert.equal(saved.body.publishedVersion, 1);
      assert.equal(saved.body.status, 'draft');
      const live = await app.request('GET', `/api/v1/kb/public/entries/${id}`);
      assert.equal(live.status, 200);
      assert.doesNotMatch(live.body.shortAnswer, /新版答复/);
      // The agent reads the published version too, not the draft.
      assert.doesNotMatch((await app.request('GET', `/api/v1/kb/entries/${id}`, { token: agent })).body.content.shortAnswer, /新版答复/);

      // Saving a draft again edits the same version instead of piling up versions.
      await app.request('PUT', `/api/v1/kb/entries/${id}`, { token: editor, body: { content: content({ shortAnswer: '新版答复：超过一个月不满一年未订立书面劳动合同的，每月支付二倍工资，最多十一个月。' }) } });
      const versions = await app.request('GET', `/api/v1/kb/entries/${id}/versions`, { token: editor });
      assert.deepEqual(versions.body.items.map((v: any) => v.version), [2, 1]);

      const diff = await app.request('GET', `/api/v1/kb/entries/${id}/diff?from=1&to=2`, { token: editor });
      const short = diff.body.fields.find((f: any) => f.field === 'shortAnswer');
      assert.ok(short.parts.some((p: any) => p.added && p.value.includes('新版答复')));
      assert.ok(!diff.body.fields.some((f: any) => f.field === 'title'), 'unchanged fields are not in the diff');

      await app.request('POST', `/api/v1/kb/entries/${id}/submit`, { token: editor });
      assert.equal((await app.request('PUT', `/api/v1/kb/entries/${id}`, { token: editor, body: { content: content() } })).status, 409, 'no edits while in review');
      const noReason = await app.request('POST', `/api/v1/kb/entries/${id}/send-back`, { token: editor2, body: { comment: '' } });
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.error.fields[0].field, 'body.comment');
      const back = await app.request('POST', `/api/v1/kb/entries/${id}/send-back`, { token: editor2, body: { comment: '请写明起算日' } });
      assert.equal(back.body.status, 'draft');
      assert.equal(back.body.reviewComment, '请写明起算日');
      await app.request('POST', `/api/v1/kb/entries/${id}/submit`, { token: editor });
      await app.request('POST', `/api/v1/kb/entries/${id}/approve`, { token: editor2, body: {} });
      assert.match((await app.request('GET', `/api/v1/kb/public/entries/${id}`)).body.shortAnswer, /新版答复/);

      const bulletin = await app.request('GET', '/api/v1/kb/bulletin?date=2026-11-24', { token: agent });
      const item = bulletin.body.items.find((i: any) => i.id === id && i.version === 2);
      assert.equal(item?.change, 'changed');
      assert.ok(item.changedFields.includes('shortAnswer'));
      assert.equal((await app.request('GET', '/api/v1/kb/bulletin?date=2026-11-23', { token: agent })).body.items.length, 0);
    });

    it('a local entry overrides the national one on the same topic for callers of that region only', async () => {
      const publish = async (c: Record<string, unknown>) => {
        const id = (await app.request('POST', '/api/v1/kb/entries', { token: editor, body: { content: content(c) } })).body.id;
        await app.request('POST', `/api/v1/kb/entries/${id}/submit`, { token: editor });
        const res = await app.request('POST', `/api/v1/kb/entries/${id}/approve`, { token: editor2, body: {} });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return id as number;
      };
      const base = { library: 'standard', businessLine: 'labour_relations', topics: ['S001'], legalBasis: [], sources: ['test'], question: '当地最低工资标准是多少', similarQuestions: ['最低工资多少钱', '最低工资标准是多少', '保底工资多少'] };
      const national = await publish({ ...base, title: '最低工资标准(全国规则)', shortAnswer: '最低工资标准由各省、自治区、直辖市人民政府规定。' });
      const changchun = await publish({ ...base, regionCenterId: centers.get('jl-changchun'), title: '长春市最低工资标准', shortAnswer: '长春市的最低工资标准(测试数据)。' });

      const fromNongan = await publicSearch('最低工资标准是多少', 'jl-changchun-nongan');
      assert.deepEqual(fromNongan.filter((h) => h.entry.topics.includes('S001')).map((h) => h.entry.id), [changchun]);
      const fromJilin = await publicSearch('最低工资标准是多少', 'jl-jilin');
      assert.deepEqual(fromJilin.filter((h) => h.entry.topics.includes('S001')).map((h) => h.entry.id), [national]);
      const noRegion = await publicSearch('最低工资标准是多少');
      assert.ok(!noRegion.some((h) => h.entry.id === changchun), 'a local entry is not shown without the region');
      assert.equal((await app.request('GET', `/api/v1/kb/public/entries/${changchun}?region=jl-jilin`)).status, 404);
    });

    it('expired entries are hidden from citizens and kept for staff', async () => {
      const id = (await app.request('POST', '/api/v1/kb/entries', {
        token: editor,
        body: { content: content({ title: '2025年度社保缴费基数申报', question: '2025年度缴费基数什么时候申报', similarQuestions: ['缴费基数申报截止', '基数申报时间', '年度申报基数'], topics: [], validFrom: '2025-01-01', validTo: '2025-12-31' }) },
      })).body.id;
      await app.request('POST', `/api/v1/kb/entries/${id}/submit`, { token: editor });
      const approved = await app.request('POST', `/api/v1/kb/entries/${id}/approve`, { token: editor2, body: {} });
      assert.equal(approved.body.liveForCitizens, false);
      assert.ok(!(await publicSearch('缴费基数申报')).some((h) => h.entry.id === id));
      assert.equal((await app.request('GET', `/api/v1/kb/public/entries/${id}`)).status, 404);
      const expired = await app.request('GET', '/api/v1/kb/entries?validity=expired', { token: agent });
      assert.deepEqual(expired.body.items.map((i: any) => i.id), [id]);
      const current = await app.request('GET', '/api/v1/kb/entries?validity=current&q=缴费基数申报', { token: agent });
      assert.ok(!current.body.items.some((i: any) => i.id === id));
    });

    it('scopes writes by region and rejects bad input naming the field', async () => {
      const national = await app.request('POST', '/api/v1/kb/entries', { token: leadCc, body: { content: content() } });
      assert.equal(national.status, 403, 'a city team lead does not write national entries');
      const jilin = await app.request('POST', '/api/v1/kb/entries', { token: leadCc, body: { content: content({ regionCenterId: centers.get('jl-jilin') }) } });
      assert.equal(jilin.status, 403);
      const own = await app.request('POST', '/api/v1/kb/entries', { token: leadCc, body: { content: content({ regionCenterId: centers.get('jl-changchun') }) } });
      assert.equal(own.status, 201);

      const bad = await app.request('POST', '/api/v1/kb/entries', { token: editor, body: { content: content({ shortAnswer: '长'.repeat(300), library: 'nope', validFrom: '2026-02-30' }) } });
      assert.equal(bad.status, 400);
      const fields = bad.body.error.fields.map((f: any) => f.field).sort();
      assert.deepEqual(fields, ['body.content.library', 'body.content.shortAnswer', 'body.content.validFrom']);
      const badTopic = await app.request('POST', '/api/v1/kb/entries', { token: editor, body: { content: content({ topics: ['X1'] }) } });
      assert.equal(badTopic.status, 400);
      assert.equal((await app.request('POST', '/api/v1/kb/entries/999999/submit', { token: editor })).status, 404);
      assert.equal((await app.request('POST', '/api/v1/kb/public/entries/abc/feedback', { body: { useful: true } })).status, 400);
    });

    it('counts hits and useful / not useful feedback', async () => {
      const id = (await publicSearch('不签合同双倍工资'))[0].entry.id;
      await app.request('GET', `/api/v1/kb/public/entries/${id}`);
      assert.equal((await app.request('POST', `/api/v1/kb/public/entries/${id}/feedback`, { body: { useful: false, comment: '没说清起算日' } })).status, 204);
      const entry = (await app.request('GET', `/api/v1/kb/entries/${id}`, { token: editor })).body;
      assert.ok(entry.hits >= 1);
      assert.equal(entry.notUseful, 1);
    });
  });
}
