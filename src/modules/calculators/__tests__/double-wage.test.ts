import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalcInputError } from '../core/calculation.js';
import { doubleWage } from '../formulas/double-wage.js';

const run = (input: unknown) => doubleWage.compute(doubleWage.input.parse(input));

describe('double wages for no written contract (calculator-cases 23)', () => {
  it('23a: wage 6,000, no contract for the whole first year → extra 66,000.00 (11 months), deemed open-ended', () => {
    const r = run({ monthlyWage: 6000, startDate: '2024-03-01', signedDate: '2025-04-15' });
    assert.equal(r.result.extraMonths, 11);
    assert.equal(r.result.extraWage, 66000);
    assert.equal(r.result.deemedOpenEnded, true);
    assert.equal(r.result.deemedOpenEndedFrom, '2025-03-01');
    assert.equal(r.result.partMonthDays, 0);
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '劳动合同法' && b.article === 14)));
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '劳动合同法实施条例' && b.article === 7)));
  });

  it('23a: the same with month counts, or when still unsigned long after the anniversary', () => {
    assert.deepEqual(run({ monthlyWage: 6000, monthsWithoutContract: 12 }).result, { extraMonths: 11, extraWage: 66000, deemedOpenEnded: true, partMonthDays: 0 });
    assert.equal(run({ monthlyWage: 6000, monthsWithoutContract: 30 }).result.extraWage, 66000);
    const r = run({ monthlyWage: 6000, startDate: '2024-03-01', asOfDate: '2026-01-10' });
    assert.equal(r.result.extraWage, 66000);
    assert.equal(r.result.deemedOpenEnded, true);
  });

  it('23b: contract signed at the start of month 5 → extra for months 2–4 = 18,000.00', () => {
    const r = run({ monthlyWage: 6000, startDate: '2024-03-01', signedDate: '2024-07-01' });
    assert.equal(r.result.extraMonths, 3);
    assert.equal(r.result.extraWage, 18000);
    assert.equal(r.result.deemedOpenEnded, false);
    assert.equal(r.estimate, false);
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '劳动合同法' && b.article === 82)));
    assert.deepEqual(run({ monthlyWage: 6000, monthsWithoutContract: 4 }).result, { extraMonths: 3, extraWage: 18000, deemedOpenEnded: false, partMonthDays: 0 });
  });

  it('signed within the first month → nothing', () => {
    assert.equal(run({ monthlyWage: 6000, startDate: '2024-03-01', signedDate: '2024-03-31' }).result.extraWage, 0);
    assert.equal(run({ monthlyWage: 6000, startDate: '2024-03-01', signedDate: '2024-04-01' }).result.extraWage, 0);
    assert.equal(run({ monthlyWage: 6000, monthsWithoutContract: 1 }).result.extraWage, 0);
  });

  it('a part month is left out, counted in days and flagged (SPC2 art. 6 by working days)', () => {
    const r = run({ monthlyWage: 6000, startDate: '2024-03-01', signedDate: '2024-07-15' });
    assert.equal(r.result.extraMonths, 3);
    assert.equal(r.result.partMonthDays, 14);
    assert.equal(r.estimate, true);
    assert.ok(r.assumptions.some((a) => a.includes('14天')));
  });

  it('month ends: a start on 31 January counts to the last day of shorter months', () => {
    const r = run({ monthlyWage: 6000, startDate: '2024-01-31', signedDate: '2024-04-30' });
    // extra from 2024-02-29: 02-29 → 03-31 is one whole month, 03-31 → 04-30 a second
    assert.equal(r.result.extraMonths, 2);
    assert.equal(r.result.partMonthDays, 0);
  });

  it('rejects a missing start, a signing before the start, both ways at once and a negative wage', () => {
    assert.throws(() => run({ monthlyWage: 6000 }), CalcInputError);
    assert.throws(() => run({ monthlyWage: 6000, startDate: '2024-03-01', signedDate: '2024-02-01' }), CalcInputError);
    assert.throws(() => run({ monthlyWage: 6000, startDate: '2024-03-01', monthsWithoutContract: 4 }), CalcInputError);
    assert.equal(doubleWage.input.safeParse({ monthlyWage: -6000, monthsWithoutContract: 4 }).success, false);
    assert.equal(doubleWage.input.safeParse({ monthlyWage: 6000, startDate: '2024-13-01' }).success, false);
  });
});
