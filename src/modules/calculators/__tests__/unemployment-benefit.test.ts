import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unemploymentBenefit } from '../formulas/unemployment-benefit.js';

const run = (input: unknown) => unemploymentBenefit.compute(unemploymentBenefit.input.parse(input));
const cites = (r: ReturnType<typeof run>, law: string, article: number) => r.steps.some((s) => s.basis.some((b) => b.law === law && b.article === article));

/** Guangdong (广东省失业保险条例 17): 1 month per full year up to 4 years, then 1 month per full half-year. */
const GUANGDONG = {
  source: '《广东省失业保险条例》第十七条',
  tiers: [
    { fromMonths: 0, unitMonths: 12, benefitMonths: 1 },
    { fromMonths: 48, unitMonths: 6, benefitMonths: 1 },
  ],
};

describe('unemployment benefit: eligibility and maximum period (calculator-cases 12)', () => {
  it('12a: 3 years, laid off, registered → eligible, max 12 months', () => {
    const r = run({ contributionMonths: 36, involuntary: true });
    assert.equal(r.result.eligible, true);
    assert.equal(r.result.maxMonths, 12);
    assert.ok(cites(r, '社会保险法', 45) && cites(r, '社会保险法', 46));
  });

  it('12b: 7 years → 18', () => {
    assert.equal(run({ contributionMonths: 84, involuntary: true }).result.maxMonths, 18);
  });

  it('12b: exactly 10 years → 24 (“十年以上” includes 10)', () => {
    assert.equal(run({ contributionMonths: 120, involuntary: true }).result.maxMonths, 24);
  });

  it('12b: 12 years → 24', () => {
    assert.equal(run({ contributionMonths: 144, involuntary: true }).result.maxMonths, 24);
  });

  it('12c: 0.8 years → not eligible', () => {
    // 0.8 years = 9.6 months: 9 whole months of contributions.
    const r = run({ contributionMonths: 9, involuntary: true });
    assert.equal(r.result.eligible, false);
    assert.equal(r.result.maxMonths, 0);
  });

  it('12c: 6 years but resigned voluntarily → not eligible', () => {
    const r = run({ contributionMonths: 72, involuntary: false });
    assert.equal(r.result.eligible, false);
    assert.equal(r.result.maxMonths, 0);
    assert.ok(r.result.ineligibleReason);
  });

  it('band boundaries: 11 months → 0, 12 → 12, 59 → 12, exactly 5 years → 18, 119 → 18, exactly 10 years → 24', () => {
    const max = (m: number) => run({ contributionMonths: m, involuntary: true }).result.maxMonths;
    assert.deepEqual([11, 12, 59, 60, 119, 120].map(max), [0, 12, 12, 18, 18, 24]);
  });
});

describe('unemployment benefit: carry-over and near-retirement (calculator-cases 13)', () => {
  it('13a: 2 more years paid after using 6 of 18 → 12 new + 12 unused = 24 (cap)', () => {
    const r = run({ contributionMonths: 24, involuntary: true, unusedMonths: 12 });
    assert.equal(r.result.maxMonths, 24);
    assert.ok(cites(r, '社会保险法', 46));
  });

  it('13a: with 14 unused still 24', () => {
    assert.equal(run({ contributionMonths: 24, involuntary: true, unusedMonths: 14 }).result.maxMonths, 24);
  });

  it('carry-over below the cap adds up: 12 new + 5 unused = 17', () => {
    assert.equal(run({ contributionMonths: 24, involuntary: true, unusedMonths: 5 }).result.maxMonths, 17);
  });

  it('13b: drawing benefit with 10 months left to the statutory age → paid until the statutory age', () => {
    const r = run({ contributionMonths: 36, involuntary: true, monthsToRetirement: 10 });
    assert.equal(r.result.untilRetirementAge, true);
    assert.ok(cites(r, '延迟退休办法', 7));
  });

  it('13b: the period is extended to the statutory age when that comes less than a year after it ends', () => {
    const r = run({ contributionMonths: 36, involuntary: true, monthsToRetirement: 20 });
    assert.equal(r.result.untilRetirementAge, true);
    assert.equal(r.result.maxMonths, 20);
    const far = run({ contributionMonths: 36, involuntary: true, monthsToRetirement: 24 });
    assert.equal(far.result.untilRetirementAge, false);
    assert.equal(far.result.maxMonths, 12);
  });
});

describe('unemployment benefit: provincial schedule and amount (calculator-cases 14)', () => {
  it('14: Guangdong, 7 years → 4 + 6 = 10 months; minimum wage 2,000 × 90% → 1,800.00 a month', () => {
    const r = run({ contributionMonths: 84, involuntary: true, schedule: GUANGDONG, minimumWage: 2000, benefitRatio: 0.9 });
    assert.equal(r.result.maxMonths, 10);
    assert.equal(r.result.monthlyAmount, 1800);
    assert.ok(r.steps.some((s) => s.sources.includes('《广东省失业保险条例》第十七条')));
    assert.ok(cites(r, '社会保险法', 47));
    assert.equal(r.estimate, false);
  });

  it('a schedule never exceeds the national band; Guangdong 3.5 years → 3, 14 years → 24', () => {
    assert.equal(run({ contributionMonths: 42, involuntary: true, schedule: GUANGDONG }).result.maxMonths, 3);
    assert.equal(run({ contributionMonths: 168, involuntary: true, schedule: GUANGDONG }).result.maxMonths, 24);
    const generous = { source: 'test', tiers: [{ fromMonths: 0, unitMonths: 6, benefitMonths: 2 }] };
    assert.equal(run({ contributionMonths: 36, involuntary: true, schedule: generous }).result.maxMonths, 12);
  });

  it('no amount without the province figures, and the maximum is flagged as an estimate', () => {
    const r = run({ contributionMonths: 84, involuntary: true });
    assert.equal(r.result.monthlyAmount, undefined);
    assert.equal(r.estimate, true);
    assert.ok(r.assumptions.length > 0);
    assert.deepEqual(unemploymentBenefit.parameters, { minimumWage: 'minimum_wage_monthly', benefitRatio: 'unemployment_benefit_ratio' });
  });

  it('rejects invalid input', () => {
    assert.equal(unemploymentBenefit.input.safeParse({ involuntary: true }).success, false);
    assert.equal(unemploymentBenefit.input.safeParse({ contributionMonths: -1, involuntary: true }).success, false);
    assert.equal(unemploymentBenefit.input.safeParse({ contributionMonths: 12, involuntary: true, unusedMonths: 25 }).success, false);
    assert.equal(unemploymentBenefit.input.safeParse({ contributionMonths: 12, involuntary: true, minimumWage: -2000 }).success, false);
    assert.equal(unemploymentBenefit.input.safeParse({ contributionMonths: 12, involuntary: true, benefitRatio: 1.5 }).success, false);
  });
});
