import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

for (const target of testDatabaseTargets()) {
  describe(`centers (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    let admin: string;
    let centers: any[];
    const byCode = (code: string) => centers.find((c) => c.code === code);
    before(async () => {
      db = await target.open();
      app = await startTestApp(db);
      admin = await app.login('admin');
      centers = (await app.request('GET', '/api/v1/centers', { token: admin })).body.items;
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    it('seeds the reference province with the real area codes', () => {
      const codes = Object.fromEntries(centers.filter((c) => c.level === 'city').map((c) => [c.shortName, c.areaCodes.join()]));
      assert.deepEqual(codes, {
        省直: '0431', 长春: '0431', 吉林: '0432', 延边: '0433', 四平: '0434',
        通化: '0435', 白城: '0436', 辽源: '0437', 松原: '0438', 白山: '0439',
      });
      assert.equal(byCode('jl').level, 'province');
      assert.equal(byCode('jl-changchun-nongan').level, 'county');
      assert.equal(byCode('jl-changchun-nongan').parentId, byCode('jl-changchun').id);
    });

    it('0431 belongs to both 省直 and 长春 (and its county): the caller must be asked to choose', async () => {
      const res = await app.request('GET', '/api/v1/centers/by-area-code/0431', { token: admin });
      assert.deepEqual(res.body.items.map((c: any) => c.shortName).sort(), ['农安', '省直', '长春'].sort());
      assert.equal((await app.request('GET', '/api/v1/centers/by-area-code/431', { token: admin })).status, 400);
    });

    it('each center has its departments', async () => {
      const res = await app.request('GET', `/api/v1/centers/${byCode('jl-siping').id}/departments`, { token: admin });
      assert.ok(res.body.items.some((d: any) => d.name === '四平市社会保险事业管理局'));
    });

    it('working hours: open inside a period of a working day, closed at lunch, at night, at weekends and on holidays', async () => {
      const id = byCode('jl-changchun').id;
      const at = async (iso: string) => app.modules.centers.status(id, new Date(iso));
      assert.equal((await at('2026-11-24T09:00:00+08:00')).inWorkingHours, true);
      const lunch = await at('2026-11-24T12:15:00+08:00');
      assert.equal(lunch.inWorkingHours, false);
      assert.equal(lunch.nextOpenAt, new Date('2026-11-24T13:00:00+08:00').toISOString());
      const friday = await at('2026-11-27T18:00:00+08:00');
      assert.equal(friday.nextOpenAt, new Date('2026-11-30T08:30:00+08:00').toISOString());
      const national = await at('2026-10-02T10:00:00+08:00');
      assert.equal(national.inWorkingHours, false);
      assert.equal(national.dayKind, 'holiday');
      assert.equal(national.dayName, '国庆节');
      assert.equal(national.nextOpenAt, new Date('2026-10-08T08:30:00+08:00').toISOString());
      const makeup = await at('2026-10-10T10:00:00+08:00');
      assert.equal(makeup.inWorkingHours, true, 'a make-up Saturday is a working day');
      // 23:00 on 2026-12-31 in Shanghai: the next opening is in 2027, not loaded yet — unknown, not guessed.
      const newYearsEve = await at('2026-12-31T23:00:00+08:00');
      assert.equal(newYearsEve.nextOpenAt, null);
    });

    it('creates a county under a city; refuses a wrong level or a second province', async () => {
      const ok = await app.request('POST', '/api/v1/centers', {
        token: admin,
        body: { code: 'jl-jilin-jiaohe', name: '蛟河市12333咨询服务站', shortName: '蛟河', level: 'county', parentId: byCode('jl-jilin').id, areaCodes: ['0432'], workingHours: { periods: [{ start: '08:30', end: '16:30' }] } },
      });
      assert.equal(ok.status, 201);
      const wrong = await app.request('POST', '/api/v1/centers', {
        token: admin,
        body: { code: 'jl-bad', name: '错误层级中心', shortName: '错', level: 'county', parentId: byCode('jl').id, areaCodes: [], workingHours: { periods: [{ start: '08:30', end: '16:30' }] } },
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error.fields[0].field, 'body.parentId');
      const second = await app.request('POST', '/api/v1/centers', {
        token: admin,
        body: { code: 'ln', name: '辽宁省中心', shortName: '辽宁', level: 'province', parentId: null, areaCodes: [], workingHours: { periods: [{ start: '08:30', end: '16:30' }] } },
      });
      assert.equal(second.status, 409);
      const dupCode = await app.request('POST', '/api/v1/centers', {
        token: admin,
        body: { code: 'jl-jilin-jiaohe', name: '重复编码', shortName: '重', level: 'county', parentId: byCode('jl-jilin').id, areaCodes: [], workingHours: { periods: [{ start: '08:30', end: '16:30' }] } },
      });
      assert.equal(dupCode.status, 409);
    });

    it('an update of working hours is audited with before and after', async () => {
      const id = byCode('jl-baishan').id;
      const res = await app.request('PATCH', `/api/v1/centers/${id}`, { token: admin, body: { workingHours: { periods: [{ start: '08:00', end: '17:30' }] } } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.workingHours.periods, [{ start: '08:00', end: '17:30' }]);
      const audit = await app.request('GET', `/api/v1/audit?entityType=center&entityId=${id}&action=center.update`, { token: admin });
      assert.equal(audit.body.items[0].before.workingHours.periods.length, 2);
      assert.equal(audit.body.items[0].after.workingHours.periods[0].start, '08:00');
    });
  });
}
