import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalcInputError } from '../core/calculation.js';
import { enterprisePension, PAYOUT_MONTHS, payoutMonthsFor } from '../formulas/enterprise-pension.js';
import { retirementAge } from '../formulas/retirement-age.js';

const run = (input: unknown) => enterprisePension.compute(enterprisePension.input.parse(input));
/** Illustrative base, index and years where a case only concerns the account part. */
const base = { pensionBase: 8000, averageIndex: 1, contributionMonths: 360 };

describe('enterprise pension — basic + account at 60 (calculator-cases 8)', () => {
  it('8a. C 8,000, index 1.0, 30 years, account 200,000 → basic 2,400.00; account 1,438.85; total 3,838.85', () => {
    const r = run({ pensionBase: 8000, averageIndex: 1.0, contributionMonths: 360, accountBalance: 200000, retirementAge: 60 });
    assert.equal(r.result.basicPension, 2400);
    assert.equal(r.result.accountPension, 1438.85);
    assert.equal(r.result.total, 3838.85);
    assert.equal(r.result.payMonths, 139);
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '国发〔2005〕38号' && b.article === 6)));
  });

  it('8b. C 8,000, index 0.6, 15 years, account 60,000 → basic 960.00; account 431.65; total 1,391.65', () => {
    const r = run({ pensionBase: 8000, averageIndex: 0.6, contributionMonths: 180, accountBalance: 60000, retirementAge: 60 });
    assert.equal(r.result.basicPension, 960);
    assert.equal(r.result.accountPension, 431.65);
    assert.equal(r.result.total, 1391.65);
  });
});

describe('enterprise pension — other ages (calculator-cases 9)', () => {
  it('9a. C 9,493 (Guangdong 2025), index 1.2, 35 years, account 300,000, at 63 → basic 3,654.81; account 2,564.10; total 6,218.91', () => {
    const r = run({ pensionBase: 9493, averageIndex: 1.2, contributionMonths: 420, accountBalance: 300000, retirementAge: 63 });
    assert.equal(r.result.basicPension, 3654.81);
    assert.equal(r.result.accountPension, 2564.1);
    assert.equal(r.result.total, 6218.91);
    assert.equal(r.result.payMonths, 117);
  });

  it('9b. female 原50 retiring at 50, account 100,000 → 100000/195 = 512.82', () => {
    const r = run({ ...base, accountBalance: 100000, retirementAge: 50 });
    assert.equal(r.result.payMonths, 195);
    assert.equal(r.result.accountPension, 512.82);
  });

  it('9c. table spot checks: D(40)=233, D(47)=208, D(55)=170, D(58)=152, D(66)=93, D(70)=56', () => {
    const expected: Record<number, number> = { 40: 233, 47: 208, 55: 170, 58: 152, 66: 93, 70: 56 };
    for (const [age, d] of Object.entries(expected)) {
      assert.equal(PAYOUT_MONTHS[Number(age)], d, `D(${age})`);
      assert.equal(run({ ...base, accountBalance: 100000, retirementAge: Number(age) }).result.payMonths, d, `calculator D(${age})`);
    }
  });

  it('9c. the table covers every age 40–70 and falls with age (no wrong copies such as 66→94, 70→67)', () => {
    for (let age = 40; age <= 70; age++) {
      assert.ok(PAYOUT_MONTHS[age] !== undefined, `D(${age})`);
      if (age > 40) assert.ok(PAYOUT_MONTHS[age]! < PAYOUT_MONTHS[age - 1]!, `D(${age}) < D(${age - 1})`);
    }
    assert.equal(PAYOUT_MONTHS[60], 139);
    assert.equal(PAYOUT_MONTHS[39], undefined);
    assert.equal(PAYOUT_MONTHS[71], undefined);
  });
});

describe('enterprise pension — fractional retirement age (calculator-cases 10)', () => {
  it('10. male born 1967-05 retires at 60y8m, account 150,000: default “completed years” → D(60) = 139 → 1,079.14', () => {
    const age = retirementAge.compute(retirementAge.input.parse({ birthMonth: '1967-05', category: 'male' })).result;
    assert.equal(age.retirementAgeMonths, 728);
    const r = run({ ...base, accountBalance: 150000, retirementAgeMonths: age.retirementAgeMonths });
    assert.equal(r.result.payMonths, 139);
    assert.equal(r.result.payAge, 60);
    assert.equal(r.result.accountPension, 1079.14);
    assert.ok(r.assumptions.some((a) => a.includes('ageRounding')));
  });

  it('10. with “round to nearest year” D(61) = 132 → 1,136.36', () => {
    const r = run({ ...base, accountBalance: 150000, retirementAgeMonths: 728, ageRounding: 'nearest_year' });
    assert.equal(r.result.payMonths, 132);
    assert.equal(r.result.accountPension, 1136.36);
  });

  it('10. nearest year: 60y5m stays 60, 60y6m rounds to 61; whole years are the same under both rules', () => {
    assert.deepEqual(payoutMonthsFor(725, 'nearest_year'), { age: 60, months: 139 });
    assert.deepEqual(payoutMonthsFor(726, 'nearest_year'), { age: 61, months: 132 });
    assert.deepEqual(payoutMonthsFor(731, 'completed_years'), { age: 60, months: 139 });
    assert.equal(run({ ...base, accountBalance: 150000, retirementAge: 61, ageRounding: 'nearest_year' }).result.payMonths, 132);
    assert.equal(run({ ...base, accountBalance: 150000, retirementAgeMonths: 732 }).result.payMonths, 132);
  });

  it('10. 70y6m rounded to the nearest year leaves the table → refused, naming the field', () => {
    assert.throws(
      () => run({ ...base, accountBalance: 1000, retirementAgeMonths: 846, ageRounding: 'nearest_year' }),
      (e: unknown) => e instanceof CalcInputError && e.field === 'retirementAgeMonths',
    );
  });
});

describe('enterprise pension — eligibility against the minimum years (calculator-cases 7b, 7c)', () => {
  it('7b. statutory age reached in 2029 with 174 months → not eligible (short 6 months): extend or lump sum, or transfer (SIL 16)', () => {
    const r = run({ ...base, contributionMonths: 174, accountBalance: 50000, retirementAge: 60, retirementYear: 2029 });
    assert.equal(r.result.eligible, false);
    assert.equal(r.result.minContributionMonths, 180);
    assert.equal(r.result.shortMonths, 6);
    const step = r.steps.find((s) => s.title === '领取条件')!;
    assert.ok(step.detail.includes('延长缴费') && step.detail.includes('一次性缴费'));
    assert.ok(step.basis.some((b) => b.law === '延迟退休办法' && b.article === 2));
    assert.ok(step.basis.some((b) => b.law === '社会保险法' && b.article === 16));
  });

  it('7c. statutory age reached in 2031 with 186 months → not eligible (needs 192)', () => {
    const r = run({ ...base, contributionMonths: 186, accountBalance: 50000, retirementAgeMonths: 737, retirementYear: 2031 });
    assert.equal(r.result.eligible, false);
    assert.equal(r.result.minContributionMonths, 192);
    assert.equal(r.result.shortMonths, 6);
  });

  it('eligible exactly at the minimum (2031, 192 months) and with 20 years whatever the year', () => {
    assert.equal(run({ ...base, contributionMonths: 192, accountBalance: 0, retirementAge: 61, retirementYear: 2031 }).result.eligible, true);
    assert.equal(run({ ...base, contributionMonths: 240, accountBalance: 0, retirementAge: 63 }).result.eligible, true);
  });

  it('without the retirement year: < 15 years → false; 15–20 years → undetermined (null)', () => {
    const short = run({ ...base, contributionMonths: 170, accountBalance: 0, retirementAge: 60 }).result;
    assert.equal(short.eligible, false);
    assert.equal(short.shortMonths, 10);
    const open = run({ ...base, contributionMonths: 200, accountBalance: 0, retirementAge: 60 });
    assert.equal(open.result.eligible, null);
    assert.equal('minContributionMonths' in open.result, false);
  });
});

describe('enterprise pension — shape, assumptions and invalid input', () => {
  it('declares the 计发基数 as a center parameter and says it is an estimate without transitional pension', () => {
    assert.deepEqual(enterprisePension.parameters, { pensionBase: 'pension_base' });
    const r = run({ pensionBase: 8000, averageIndex: 1.0, contributionMonths: 360, accountBalance: 200000, retirementAge: 60 });
    assert.equal(r.estimate, true);
    assert.ok(r.assumptions.some((a) => a.includes('过渡性养老金')));
  });

  it('refuses a negative balance, a negative or fractional month count, a zero base and an index above 3', () => {
    const ok = { pensionBase: 8000, averageIndex: 1, contributionMonths: 360, accountBalance: 1000, retirementAge: 60 };
    assert.equal(enterprisePension.input.safeParse(ok).success, true);
    assert.equal(enterprisePension.input.safeParse({ ...ok, accountBalance: -1 }).success, false);
    assert.equal(enterprisePension.input.safeParse({ ...ok, contributionMonths: -12 }).success, false);
    assert.equal(enterprisePension.input.safeParse({ ...ok, contributionMonths: 12.5 }).success, false);
    assert.equal(enterprisePension.input.safeParse({ ...ok, pensionBase: 0 }).success, false);
    assert.equal(enterprisePension.input.safeParse({ ...ok, averageIndex: 3.5 }).success, false);
  });

  it('refuses ages outside the 40–70 table and an unknown rounding rule', () => {
    const ok = { pensionBase: 8000, averageIndex: 1, contributionMonths: 360, accountBalance: 1000 };
    assert.equal(enterprisePension.input.safeParse({ ...ok, retirementAge: 39 }).success, false);
    assert.equal(enterprisePension.input.safeParse({ ...ok, retirementAge: 71 }).success, false);
    assert.equal(enterprisePension.input.safeParse({ ...ok, retirementAge: 60.5 }).success, false);
    assert.equal(enterprisePension.input.safeParse({ ...ok, retirementAgeMonths: 852 }).success, false);
    assert.equal(enterprisePension.input.safeParse({ ...ok, retirementAge: 60, ageRounding: 'ceil' }).success, false);
  });

  it('needs exactly one of retirementAge and retirementAgeMonths', () => {
    const ok = { pensionBase: 8000, averageIndex: 1, contributionMonths: 360, accountBalance: 1000 };
    assert.throws(() => run(ok), (e: unknown) => e instanceof CalcInputError && e.field === 'retirementAge');
    assert.throws(() => run({ ...ok, retirementAge: 60, retirementAgeMonths: 728 }), (e: unknown) => e instanceof CalcInputError && e.field === 'retirementAgeMonths');
  });
});
