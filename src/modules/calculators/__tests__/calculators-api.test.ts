import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

/** The calculators over HTTP: inputs checked field by field, local figures from the center's parameters, every change audited. */
for (const target of testDatabaseTargets()) {
  describe(`calculators API (${target.name})`, () => {
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
    const calc = (name: string, body: unknown) => app.request('POST', `/api/v1/calculators/${name}`, { body });

    it('lists every calculator with the JSON Schema of its input, for anyone', async () => {
      const res = await app.request('GET', '/api/v1/calculators');
      assert.equal(res.status, 200);
      const names = res.body.items.map((c: any) => c.name);
      for (const n of ['retirement-age', 'enterprise-pension', 'resident-pension', 'unemployment-benefit', 'work-injury-disability', 'work-injury-death', 'severance', 'overtime-pay', 'late-fee', 'maternity-allowance', 'probation', 'double-wage']) {
        assert.ok(names.includes(n), `${n} missing from ${names}`);
      }
      const overtime = res.body.items.find((c: any) => c.name === 'overtime-pay');
      assert.ok(overtime.input.properties.monthlyWage);
      assert.deepEqual(overtime.input.required, ['monthlyWage']);
    });

    it('answers with the outputs at the top level and in result, the steps with their legal basis, and assumptions', async () => {
      const res = await calc('overtime-pay', { monthlyWage: 5220, weekdayHours: 10, restDayHours: 8, holidayHours: 8 });
      assert.equal(res.status, 200);
      assert.equal(res.body.total, 1650);
      assert.equal(res.body.result.hourlyWage, 30);
      assert.ok(res.body.steps.length >= 4);
      assert.ok(res.body.legalBasis.some((b: any) => b.law === '劳动法' && b.article === 44));
      assert.ok(res.body.assumptions.some((a: string) => a.includes('21.75')));
    });

    it('refuses bad input with a 400 naming the field, and an unknown calculator with a 404', async () => {
      const cases: [string, unknown, string][] = [
        ['overtime-pay', { monthlyWage: -1 }, 'body.monthlyWage'],
        ['overtime-pay', {}, 'body.monthlyWage'],
        ['overtime-pay', { monthlyWage: '五千' }, 'body.monthlyWage'],
        ['retirement-age', { birthMonth: '1970-13', category: 'male' }, 'body.birthMonth'],
        ['retirement-age', { birthMonth: '1970-06' }, 'body.category'],
        ['work-injury-disability', { grade: 11, ownWage: 5000, localAverageWage: 8000 }, 'body.grade'],
        ['overtime-pay', { monthlyWage: 5000, region: 'nowhere' }, 'body.region'],
        ['work-injury-deadlines', { accidentDate: '9999-12-31' }, 'body.accidentDate'],
        ['double-wage', { monthlyWage: 5000, startDate: '2025-02-30' }, 'body.startDate'],
      ];
      for (const [name, body, field] of cases) {
        const res = await calc(name, body);
        assert.equal(res.status, 400, `${name} ${JSON.stringify(body)} → ${res.status}`);
        assert.ok(res.body.error.fields.some((f: any) => f.field === field), JSON.stringify(res.body.error));
      }
      assert.equal((await calc('no-such-thing', {})).status, 404);
    });

    it('fills local figures from the region’s parameters, nearest center first, and says so', async () => {
      // Demo parameters: 长春 minimum wage 2120 (吉政函〔2024〕66号), province ratio 0.9 (吉人社联〔2024〕105号).
      const res = await calc('unemployment-benefit', { contributionMonths: 36, involuntary: true, region: 'jl-changchun' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.maxMonths, 12);
      assert.equal(res.body.monthlyAmount, 1908);
      assert.deepEqual(res.body.parameters.map((p: any) => p.key).sort(), ['minimum_wage_monthly', 'unemployment_benefit_ratio']);
      assert.ok(res.body.assumptions.some((a: string) => a.includes('吉政函〔2024〕66号')));
      const nongan = await calc('unemployment-benefit', { contributionMonths: 36, involuntary: true, region: 'jl-changchun-nongan' });
      assert.equal(nongan.body.monthlyAmount, 1602);
      // A figure the caller gives wins over the maintained one.
      const given = await calc('unemployment-benefit', { contributionMonths: 36, involuntary: true, region: 'jl-changchun', minimumWage: 2000 });
      assert.equal(given.body.monthlyAmount, 1800);
    });

    it('lets an administrator keep parameters with their year and source, audited; others may only read', async () => {
      const admin = await app.login('admin');
      const agent = await app.login('agent.cc');
      const centers = (await app.request('GET', '/api/v1/centers', { token: admin })).body.items;
      const jilin = centers.find((c: any) => c.code === 'jl-jilin');
      const body = { centerId: jilin.id, key: 'local_average_monthly_wage', year: 2025, value: 7000, source: '演示数据（测试）' };
      assert.equal((await app.request('PUT', '/api/v1/calculators/parameters', { token: agent, body })).status, 403);
      const bad = await app.request('PUT', '/api/v1/calculators/parameters', { token: admin, body: { ...body, source: '' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.fields[0].field, 'body.source');
      const saved = await app.request('PUT', '/api/v1/calculators/parameters', { token: admin, body });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.value, 7000);
      const again = await app.request('PUT', '/api/v1/calculators/parameters', { token: admin, body: { ...body, value: 7100.5 } });
      assert.equal(again.body.id, saved.body.id, 'same center, key and year: updated, not duplicated');
      const list = await app.request('GET', '/api/v1/calculators/parameters', { token: agent });
      assert.equal(list.status, 200);
      assert.equal(list.body.items.filter((p: any) => p.key === 'local_average_monthly_wage' && p.centerId === jilin.id).length, 1);
      const audit = await app.request('GET', '/api/v1/audit?entityType=calc_parameter', { token: admin });
      assert.ok(audit.body.items.some((a: any) => a.action === 'calculators.parameter_updated' && a.entityId === String(saved.body.id)), JSON.stringify(audit.body).slice(0, 500));

      const disability = await calc('work-injury-disability', { grade: 7, ownWage: 6000, region: 'jl-jilin' });
      assert.equal(disability.status, 200, JSON.stringify(disability.body));
      assert.ok(disability.body.parameters.some((p: any) => p.key === 'local_average_monthly_wage' && p.value === 7100.5));
      assert.equal((await app.request('DELETE', `/api/v1/calculators/parameters/${saved.body.id}`, { token: admin })).status, 204);
      const missing = await calc('work-injury-disability', { grade: 7, ownWage: 6000, region: 'jl-jilin' });
      assert.equal(missing.status, 400, 'without the parameter the caller must give the average wage');
      assert.equal(missing.body.error.fields[0].field, 'body.localAverageWage');
    });

    it('offers the calculator when a citizen asks for their own figure', async () => {
      const res = await app.request('POST', '/api/v1/answer', { body: { question: '周末加班费怎么算，一个月工资五千' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.calculator?.name, 'overtime-pay', JSON.stringify(res.body).slice(0, 400));
      const rule = await app.request('POST', '/api/v1/answer', { body: { question: '非全日制用工可以不签合同吗' } });
      assert.equal(rule.body.calculator, undefined);
    });
  });
}
