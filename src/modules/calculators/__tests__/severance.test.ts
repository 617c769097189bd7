import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalcInputError } from '../core/calculation.js';
import { severance } from '../formulas/severance.js';

const run = (input: unknown) => severance.compute(severance.input.parse(input));
const cites = (r: ReturnType<typeof run>, law: string, article: number) => r.steps.some((s) => s.basis.some((b) => b.law === law && b.article === article));
/** calculator-cases 19: average wage 8,000; a local average that does not cap it. */
const C19 = { averageMonthlyWage: 8000, localAverageWage: 10000, minimumWage: 2000 };
/** calculator-cases 20: local average 10,000, minimum wage 2,000. */
const C20 = { localAverageWage: 10000, minimumWage: 2000 };

describe('severance: N, N+1 and 2N (calculator-cases 19)', () => {
  it('19a: 5y7m → 6 years → 48,000.00', () => {
    const r = run({ ...C19, serviceMonths: 67 });
    assert.equal(r.result.years, 6);
    assert.equal(r.result.compensation, 48000);
    assert.equal(r.result.total, 48000);
    assert.equal(r.result.capped, false);
    assert.ok(cites(r, '劳动合同法', 47));
  });

  it('19a: art. 40 without 30 days’ notice → + 8,000.00', () => {
    const r = run({ ...C19, serviceMonths: 67, withoutNotice: true });
    assert.equal(r.result.compensation, 48000);
    assert.equal(r.result.noticePay, 8000);
    assert.equal(r.result.total, 56000);
    assert.ok(cites(r, '劳动合同法', 40));
  });

  it('19a: the extra month follows last month’s wage when given (实施条例 20)', () => {
    const r = run({ ...C19, serviceMonths: 67, withoutNotice: true, lastMonthWage: 9000 });
    assert.equal(r.result.noticePay, 9000);
    assert.equal(r.result.total, 57000);
    assert.ok(cites(r, '劳动合同法实施条例', 20));
  });

  it('19b: 5y3m → 5.5 → 44,000.00', () => {
    const r = run({ ...C19, serviceMonths: 63 });
    assert.equal(r.result.years, 5.5);
    assert.equal(r.result.compensation, 44000);
  });

  it('19b: 4 months → 0.5 → 4,000.00', () => {
    const r = run({ ...C19, serviceMonths: 4 });
    assert.equal(r.result.years, 0.5);
    assert.equal(r.result.total, 4000);
  });

  it('19c: unlawful termination at 5y7m → 96,000.00 (2N, no N+1)', () => {
    const r = run({ ...C19, serviceMonths: 67, unlawful: true, withoutNotice: true });
    assert.equal(r.result.total, 96000);
    assert.equal(r.result.noticePay, 0);
    assert.ok(cites(r, '劳动合同法', 87));
    assert.ok(cites(r, '劳动合同法实施条例', 25));
  });

  for (const status of ['pregnancy', 'maternity-leave', 'nursing'] as const) {
    it(`19d: art. 40 notice to a worker in ${status} → refused (LCL 42(4))`, () => {
      const r = run({ ...C19, serviceMonths: 67, terminationGround: 'art40', protectedStatus: status });
      assert.equal(r.result.refused, true);
      assert.match(r.result.refusalReason!, /第四十二条第四项/);
      assert.ok(cites(r, '劳动合同法', 42));
      // carried out anyway, it is unlawful: 2N unless the worker asks to keep the job
      assert.equal(r.result.total, 96000);
    });
  }

  it('19d: the bar also applies to an art. 40 termination without notice and to art. 41 redundancy', () => {
    assert.equal(run({ ...C19, serviceMonths: 67, withoutNotice: true, protectedStatus: 'nursing' }).result.refused, true);
    assert.equal(run({ ...C19, serviceMonths: 67, terminationGround: 'art41', protectedStatus: 'long-service-near-retirement' }).result.refused, true);
  });

  it('19d: mutual termination of a pregnant worker is not barred by art. 42', () => {
    const r = run({ ...C19, serviceMonths: 67, terminationGround: 'art36', protectedStatus: 'pregnancy' });
    assert.equal(r.result.refused, false);
    assert.equal(r.result.total, 48000);
  });

  it('no compensation when the worker resigns or is dismissed for misconduct', () => {
    assert.equal(run({ ...C19, serviceMonths: 67, terminationGround: 'art37' }).result.total, 0);
    assert.equal(run({ ...C19, serviceMonths: 67, terminationGround: 'art39' }).result.total, 0);
    assert.equal(run({ ...C19, serviceMonths: 67, terminationGround: 'art39', unlawful: true }).result.total, 96000);
  });

  it('notice pay only for art. 40', () => {
    assert.throws(() => run({ ...C19, serviceMonths: 67, terminationGround: 'art41', withoutNotice: true }), CalcInputError);
  });
});

describe('severance: high-wage cap and minimum-wage floor (calculator-cases 20)', () => {
  it('20a: wage 40,000, 15y3m → 30,000 × 12 = 360,000.00', () => {
    const r = run({ ...C20, averageMonthlyWage: 40000, serviceMonths: 183 });
    assert.equal(r.result.wageBase, 30000);
    assert.equal(r.result.years, 12);
    assert.equal(r.result.total, 360000);
    assert.equal(r.result.capped, true);
  });

  it('20b: wage 40,000, 8y → 30,000 × 8 = 240,000.00 (12-year cap not binding)', () => {
    const r = run({ ...C20, averageMonthlyWage: 40000, serviceMonths: 96 });
    assert.equal(r.result.years, 8);
    assert.equal(r.result.total, 240000);
  });

  it('20c: average wage 1,500, 2 years → floor 2,000 → 4,000.00', () => {
    const r = run({ ...C20, averageMonthlyWage: 1500, serviceMonths: 24 });
    assert.equal(r.result.wageBase, 2000);
    assert.equal(r.result.total, 4000);
    assert.ok(cites(r, '劳动合同法实施条例', 27));
  });

  it('cap boundary: exactly 3× the local average is not capped, and then the 12-year cap does not apply', () => {
    const r = run({ ...C20, averageMonthlyWage: 30000, serviceMonths: 183 });
    assert.equal(r.result.capped, false);
    assert.equal(r.result.years, 15.5);
    assert.equal(r.result.total, 465000);
    const above = run({ ...C20, averageMonthlyWage: 30000.01, serviceMonths: 183 });
    assert.equal(above.result.capped, true);
    assert.equal(above.result.years, 12);
    assert.equal(above.result.total, 360000);
  });

  it('the 12-year cap is only for high wages: 20 years at 8,000 → 160,000.00', () => {
    const r = run({ ...C20, averageMonthlyWage: 8000, serviceMonths: 240 });
    assert.equal(r.result.years, 20);
    assert.equal(r.result.total, 160000);
  });

  it('rejects a negative wage, a missing local average and fractional months', () => {
    assert.equal(severance.input.safeParse({ serviceMonths: 12, averageMonthlyWage: -1, localAverageWage: 10000 }).success, false);
    assert.equal(severance.input.safeParse({ serviceMonths: 12, averageMonthlyWage: 5000 }).success, false);
    assert.equal(severance.input.safeParse({ serviceMonths: 12.5, averageMonthlyWage: 5000, localAverageWage: 10000 }).success, false);
    assert.equal(severance.input.safeParse({ serviceMonths: 12, averageMonthlyWage: 5000, localAverageWage: 10000, protectedStatus: 'tired' }).success, false);
  });
});
