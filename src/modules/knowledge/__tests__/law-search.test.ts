import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

/** Lay questions and the article a 12333 agent would cite; each must be in the top five. */
/** A lay question and the articles an agent would cite for it (any one of them in the top five). */
const LAY_QUESTIONS: [string, string[]][] = [
  ['公司没跟我签合同,能要双倍工资吗', ['劳动合同法#82']],
  ['试用期最长能约定几个月', ['劳动合同法#19', '劳动法#21']],
  ['上下班路上出车祸算不算工伤', ['工伤保险条例#14']],
  ['单位不给交社保我能辞职要补偿吗', ['劳动合同法#38', '劳动合同法#46']],
  ['失业金最长能领多久', ['失业保险条例#17']],
  ['工伤认定申请要在多长时间内提出', ['工伤保险条例#17']],
  ['社保欠费滞纳金怎么算', ['社会保险法#86']],
  ['怀孕了公司能辞退我吗', ['劳动合同法#42']],
  ['怀孕了公司能辞退我吗', ['女职工劳动保护特别规定#5']],
];

for (const target of testDatabaseTargets()) {
  describe(`policy library (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    before(async () => {
      db = await target.open();
      app = await startTestApp(db, { env: { KB_STARTER_CONTENT: 'false' } });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    const search = async (q: string, limit = 5) => (await app.request('GET', `/api/v1/laws/search?q=${encodeURIComponent(q)}&limit=${limit}`)).body.items as any[];

    it('imports every article once, even when the platform restarts', async () => {
      const laws = (await app.request('GET', '/api/v1/laws')).body.items;
      assert.equal(laws.length, 38);
      const again = await app.modules.laws.importTexts();
      assert.deepEqual(again, { laws: 0, articles: 0 });
      const a = await app.request('GET', `/api/v1/laws/${encodeURIComponent('劳动合同法')}/articles/82`);
      assert.equal(a.body.label, '第八十二条');
      assert.equal(a.body.versionDate, '2012-12-28');
    });

    it('marks articles overtaken by later policy and links what applies now', async () => {
      const a16 = (await app.request('GET', `/api/v1/laws/${encodeURIComponent('社会保险法')}/articles/16`)).body;
      assert.equal(a16.superseded.byLaw, '延迟退休办法');
      assert.equal(a16.superseded.byArticle, 2);
      const maternity = (await app.request('GET', `/api/v1/laws/${encodeURIComponent('社会保险法')}/articles/54`)).body;
      assert.match(maternity.superseded.note, /合并实施/);
      const rural = (await app.request('GET', `/api/v1/laws/${encodeURIComponent('社会保险法')}/articles/20`)).body;
      assert.equal(rural.superseded.byLaw, '城乡居民养老保险意见');
      assert.equal((await app.request('GET', `/api/v1/laws/${encodeURIComponent('劳动合同法')}/articles/82`)).body.superseded, null);
    });

    it('brings the marks of texts imported earlier in line with the catalog when it starts again', async () => {
      const path = `/api/v1/laws/${encodeURIComponent('社会保险法')}/articles/16`;
      const marked = (await app.request('GET', path)).body.superseded;
      // As a database imported before the catalog had this mark (or had another) would hold it.
      await db.db.updateTable('kb_law_article').set({ superseded_note: null, superseded_by_law: null, superseded_by_article: null, superseded_source: null }).where('number', '=', 16).where('law_id', 'in', db.db.selectFrom('kb_law').select('id').where('short', '=', '社会保险法')).execute();
      await db.db.updateTable('kb_law_article').set({ superseded_note: '旧的说明' }).where('number', '=', 82).where('law_id', 'in', db.db.selectFrom('kb_law').select('id').where('short', '=', '劳动合同法')).execute();
      assert.deepEqual(await app.modules.laws.importTexts(), { laws: 0, articles: 0 });
      assert.deepEqual((await app.request('GET', path)).body.superseded, marked);
      assert.equal((await app.request('GET', `/api/v1/laws/${encodeURIComponent('劳动合同法')}/articles/82`)).body.superseded, null, 'a mark the catalog does not have is taken off');
    });

    it('finds the article from a lay question by its words alone (no knowledge entries)', async () => {
      const items = await search('公司没跟我签合同,能要双倍工资吗');
      assert.ok(items.length <= 5);
      const rank = items.findIndex((i) => i.law === '劳动合同法' && i.article === 82);
      assert.ok(rank >= 0 && rank < 5, JSON.stringify(items.map((i) => `${i.law}${i.article}`)));
      assert.ok(items[0].score >= items.at(-1).score, 'best first');
      assert.equal(typeof items[0].text, 'string');
    });

    it('rejects an empty question and a bad limit', async () => {
      assert.equal((await app.request('GET', '/api/v1/laws/search?q=')).status, 400);
      assert.equal((await app.request('GET', '/api/v1/laws/search?q=工伤&limit=0')).status, 400);
      assert.equal((await app.request('GET', `/api/v1/laws/${encodeURIComponent('劳动合同法')}/articles/999`)).status, 404);
    });

    it('with the starter knowledge, lay questions find the article an agent would cite', async () => {
      const { seedStarterKnowledge } = await import('../starter/seed-starter.js');
      const { SYSTEM_ACTOR } = await import('../../../platform/audit/audit-trail.js');
      await seedStarterKnowledge(app.modules, SYSTEM_ACTOR);
      const misses: string[] = [];
      for (const [q, acceptable] of LAY_QUESTIONS) {
        const items = await search(q);
        if (!items.some((i) => acceptable.includes(`${i.law}#${i.article}`))) misses.push(`${q} → ${items.map((i) => `${i.law}${i.article}`).join(' ')}`);
      }
      assert.deepEqual(misses, []);
    });
  });
}
