import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

const HEADER = ['编号', '知识库', '业务', '适用地区', '标题', '标准问', '相似问', '电话答复', '完整答复', '政策依据', '种子问题', '生效日期', '含本地数据'];
const good = [
  ['cc-001', '问题解答', '劳动关系与工资', '全国', '加班费计算', '加班费怎么算', '加班工资咋算\n周末加班给多少钱\n节假日加班几倍工资', '工作日延长工作时间不低于工资的百分之一百五十。', '见《劳动法》第四十四条。', '劳动法第44条', 'S004', '', '否'],
  ['', '办事指南', '社会保障卡', 'jl-changchun', '长春社保卡挂失', '社保卡丢了怎么挂失', '社保卡丢了咋办｜医保卡丢了｜社保卡挂失电话', '可拨打12333或通过电子社保卡挂失。', '### 挂失\n\n电话、网上或窗口挂失。', '', 'S038', '2026-01-01', '否'],
  ['cc-003', 'qa', 'work_injury', '长春', '工伤认定时限', '工伤认定申请时限是多久', '工伤多久之内要申请\n受伤了什么时候报工伤\n工伤认定有没有期限', '单位应在三十日内提出，单位不申请的，本人一年内可以申请。', '《工伤保险条例》第十七条。', '《工伤保险条例》第十七条', 'S016', '', '是'],
];
const csv = (rows: string[][]) => Buffer.from(stringify([HEADER, ...rows]), 'utf8');

for (const target of testDatabaseTargets()) {
  describe(`knowledge import and export (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    let editor: string;
    let admin: string;
    before(async () => {
      db = await target.open();
      app = await startTestApp(db, { env: { KB_STARTER_CONTENT: 'false' } });
      editor = await app.login('editor');
      admin = await app.login('admin');
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    const upload = (body: Buffer, query: string, token = editor, type = 'text/csv') =>
      app.request('POST', `/api/v1/kb/import?${query}`, { token, body, headers: { 'content-type': type } });
    const count = async () => (await app.request('GET', '/api/v1/kb/entries?pageSize=1', { token: editor })).body.total as number;

    it('checks every row first and imports nothing when any row is wrong, naming row and column', async () => {
      const bad = [
        good[0]!,
        ['cc-002', '不存在的库', '社会保障卡', '全国', '标题', '标准问题', '', '答复', '答复', '劳动合同法第999条', '', '2026-13-01', '也许'],
        good[2]!,
        ['cc-001', '问题解答', '劳动关系与工资', '火星', 'x', '重复编号的问题', '', '答', '答', '', '', '', '否'],
      ];
      const before = await count();
      const res = await upload(csv(bad), 'format=csv');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.imported, false);
      const at = (row: number) => res.body.errors.filter((e: any) => e.row === row).map((e: any) => e.column).sort();
      assert.deepEqual(at(3), ['含本地数据', '政策依据', '生效日期', '知识库']);
      assert.deepEqual(at(5), ['编号', '适用地区'].sort());
      assert.deepEqual(at(2), []);
      assert.equal(await count(), before, 'nothing imported');
    });

    it('imports all rows as drafts, and re-importing the same file creates no duplicates', async () => {
      const first = await upload(csv(good), 'format=csv');
      assert.equal(first.body.imported, true, JSON.stringify(first.body.errors));
      assert.deepEqual([first.body.created, first.body.updated, first.body.unchanged], [3, 0, 0]);
      const total = await count();
      const again = await upload(csv(good), 'format=csv');
      assert.deepEqual([again.body.created, again.body.updated, again.body.unchanged], [0, 0, 3]);
      assert.equal(await count(), total);
      const list = (await app.request('GET', '/api/v1/kb/entries?q=社保卡挂失', { token: editor })).body.items;
      assert.equal(list[0].status, 'draft');
      assert.equal(list[0].regionName, '长春');

      const changed = good.map((r) => [...r]);
      changed[0]![7] = '工作日延长工作时间支付不低于工资的百分之一百五十的工资报酬。';
      const third = await upload(csv(changed), 'format=csv');
      assert.deepEqual([third.body.created, third.body.updated, third.body.unchanged], [0, 1, 2]);
      assert.equal(await count(), total);
    });

    it('exports to XLSX and CSV that import back onto the same entries', async () => {
      const total = await count();
      for (const format of ['xlsx', 'csv'] as const) {
        const res = await app.http.inject({ method: 'GET', url: `/api/v1/kb/export?format=${format}`, headers: { authorization: `Bearer ${editor}` } });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-disposition']), new RegExp(`\\.${format}"$`));
        const back = await upload(res.rawPayload, `format=${format}`, editor, format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        assert.equal(back.body.imported, true, JSON.stringify(back.body.errors));
        assert.deepEqual([back.body.created, back.body.updated, back.body.unchanged], [0, 0, total]);
      }
      assert.equal(await count(), total);
    });

    it('publishing on import is for team leads and administrators; citizens then see the entries', async () => {
      const rows = [['cc-010', '问题解答', '失业保险', '全国', '失业金领取期限', '失业金能领多久', '失业金最长领多久\n失业保险金领几个月\n失业金领取时间', '累计缴费满一年不足五年的最长十二个月。', '见《失业保险条例》第十七条。', '失业保险条例第17条', 'S080', '', '否']];
      assert.equal((await upload(csv(rows), 'format=csv&publish=true')).status, 403);
      const res = await upload(csv(rows), 'format=csv&publish=true', admin);
      assert.equal(res.body.created, 1);
      const found = await app.request('GET', `/api/v1/kb/public/search?q=${encodeURIComponent('失业金能领几个月')}`);
      assert.equal(found.body.items[0]?.entry.title, '失业金领取期限');
      assert.equal((await upload(csv(rows), 'format=csv&dryRun=true', admin)).body.imported, false);
    });

    it('refuses files it cannot read, without a 500', async () => {
      const garbage = await upload(Buffer.from('not a zip'), 'format=xlsx', editor, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(garbage.status, 200);
      assert.equal(garbage.body.imported, false);
      assert.match(garbage.body.errors[0].message, /无法读取/);
      const missing = await upload(Buffer.from('标题,标准问\n a,b\n'), 'format=csv');
      assert.ok(missing.body.errors.some((e: any) => e.message.includes('缺少必填列')));
      assert.equal((await app.request('POST', '/api/v1/kb/import?format=csv', { token: editor, body: {} })).status, 400);
    });
  });
}
