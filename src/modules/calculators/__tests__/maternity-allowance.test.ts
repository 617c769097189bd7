import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalcInputError } from '../core/calculation.js';
import { maternityAllowance } from '../formulas/maternity-allowance.js';

const run = (input: unknown) => maternityAllowance.compute(maternityAllowance.input.parse(input));
const AVG = { employerAverageWage: 9000 };

describe('maternity allowance (calculator-cases 25)', () => {
  it('25a: normal birth 98 days → 29,400.00', () => {
    const r = run({ ...AVG, birth: 'normal' });
    assert.deepEqual(r.result, { leaveDays: 98, allowance: 29400, dailyAllowance: 300 });
    assert.equal(run({ ...AVG, leaveDays: 98 }).result.allowance, 29400);
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '女职工劳动保护特别规定' && b.article === 7)));
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '社会保险法' && b.article === 56)));
    assert.ok(r.assumptions.some((a) => a.includes('30')));
    assert.equal(r.estimate, true);
  });

  it('25b: difficult birth 113 days → 33,900.00', () => {
    assert.deepEqual(run({ ...AVG, birth: 'difficult' }).result, { leaveDays: 113, allowance: 33900, dailyAllowance: 300 });
  });

  it('25b: difficult birth with twins 128 days → 38,400.00', () => {
    assert.deepEqual(run({ ...AVG, birth: 'difficult', babies: 2 }).result, { leaveDays: 128, allowance: 38400, dailyAllowance: 300 });
  });

  it('25c: miscarriage before 4 months 15 days → 4,500.00', () => {
    assert.deepEqual(run({ ...AVG, birth: 'miscarriage', miscarriageMonths: 3 }).result, { leaveDays: 15, allowance: 4500, dailyAllowance: 300 });
  });

  it('25c: miscarriage from 4 months 42 days → 12,600.00', () => {
    assert.deepEqual(run({ ...AVG, birth: 'miscarriage', miscarriageMonths: 4 }).result, { leaveDays: 42, allowance: 12600, dailyAllowance: 300 });
  });

  it('25d: a province adding 60 days → 158 days → 47,400.00', () => {
    assert.deepEqual(run({ ...AVG, birth: 'normal', extraLeaveDays: 60 }).result, { leaveDays: 158, allowance: 47400, dailyAllowance: 300 });
    assert.equal(run({ ...AVG, leaveDays: 158 }).result.allowance, 47400);
    assert.equal(maternityAllowance.parameters?.extraLeaveDays, 'maternity_extra_leave_days');
  });

  it('the provincial extra leave is not added to a miscarriage', () => {
    assert.equal(run({ ...AVG, birth: 'miscarriage', miscarriageMonths: 5, extraLeaveDays: 60 }).result.leaveDays, 42);
  });

  it('rounds once: 8,888.88 ÷ 30 × 98 = 29,037.01', () => {
    const r = run({ employerAverageWage: 8888.88, leaveDays: 98 });
    assert.equal(r.result.allowance, 29037.01);
    assert.equal(r.result.dailyAllowance, 296.3);
  });

  it('rejects neither or both ways of giving the days, a miscarriage without months, and a negative wage', () => {
    assert.throws(() => run(AVG), CalcInputError);
    assert.throws(() => run({ ...AVG, leaveDays: 98, birth: 'normal' }), CalcInputError);
    assert.throws(() => run({ ...AVG, birth: 'miscarriage' }), CalcInputError);
    assert.equal(maternityAllowance.input.safeParse({ employerAverageWage: -1, leaveDays: 98 }).success, false);
    assert.equal(maternityAllowance.input.safeParse({ leaveDays: 98 }).success, false);
    assert.equal(maternityAllowance.input.safeParse({ ...AVG, birth: 'caesarean' }).success, false);
  });
});
