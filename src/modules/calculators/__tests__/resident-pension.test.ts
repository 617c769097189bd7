import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalcInputError } from '../core/calculation.js';
import { CHANGSHA_2017_TIERS, residentPension, validateResidentTierTable } from '../formulas/resident-pension.js';

const run = (input: unknown) => residentPension.compute(residentPension.input.parse(input));

/** The national minimum table of 国发〔2014〕8号 四: 12 tiers, 30 for the lowest, 60 from 500. */
const NATIONAL_MINIMUM = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000].map((contribution) => ({
  contribution,
  subsidy: contribution >= 500 ? 60 : 30,
}));

describe("residents' pension (calculator-cases 11)", () => {
  it('11a. age 60, 15 years paid, account 30,000, local basic pension 163 → account 215.83; total 378.83', () => {
    const r = run({ age: 60, contributionYears: 15, accountBalance: 30000, basicPension: 163 });
    assert.deepEqual(r.result, { eligible: true, accountPension: 215.83, basicPension: 163, total: 378.83, shortYears: 0, requiredYears: 15 });
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '城乡居民养老保险意见' && b.article === 6)));
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '城乡居民养老保险意见' && b.article === 7)));
  });

  it('11b. age 60 with 12 years paid → not eligible yet (needs 15; back-payment allowed up to 15 in total)', () => {
    const r = run({ age: 60, contributionYears: 12, accountBalance: 30000, basicPension: 163 });
    assert.equal(r.result.eligible, false);
    assert.equal(r.result.shortYears, 3);
    assert.ok(r.steps.find((s) => s.title === '领取条件')!.detail.includes('补缴'));
  });

  it('11c. rejects a table whose lowest-tier subsidy is < 30', () => {
    const problems = validateResidentTierTable([
      { contribution: 100, subsidy: 25 },
      { contribution: 200, subsidy: 40 },
      { contribution: 500, subsidy: 60 },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /最低缴费档次100元的补贴25元/);
  });

  it('11c. rejects a table where a tier ≥ 500 gets < 60', () => {
    const problems = validateResidentTierTable([
      { contribution: 100, subsidy: 30 },
      { contribution: 500, subsidy: 55 },
      { contribution: 1000, subsidy: 60 },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /缴费档次500元的补贴55元/);
    // the lowest tier itself at 500 or more must also reach 60
    assert.equal(validateResidentTierTable([{ contribution: 500, subsidy: 40 }]).length, 1);
  });

  it('11c. accepts the national minimum table and the 2017 Changsha demo table (seed 001)', () => {
    assert.deepEqual(validateResidentTierTable(NATIONAL_MINIMUM), []);
    assert.deepEqual(validateResidentTierTable(CHANGSHA_2017_TIERS), []);
    assert.equal(CHANGSHA_2017_TIERS.length, 14);
    assert.deepEqual(CHANGSHA_2017_TIERS[0], { contribution: 100, subsidy: 30 });
    assert.deepEqual(CHANGSHA_2017_TIERS.at(-1), { contribution: 3000, subsidy: 160 });
  });

  it('11c. the order of the rows does not matter; a subsidy falling as the tier rises, duplicates, empty or negative rows are problems', () => {
    assert.deepEqual(validateResidentTierTable([...CHANGSHA_2017_TIERS].reverse()), []);
    assert.equal(
      validateResidentTierTable([
        { contribution: 100, subsidy: 30 },
        { contribution: 500, subsidy: 80 },
        { contribution: 1000, subsidy: 70 },
      ]).length,
      1,
    );
    assert.equal(validateResidentTierTable([{ contribution: 100, subsidy: 30 }, { contribution: 100, subsidy: 30 }]).length, 1);
    assert.deepEqual(validateResidentTierTable([]), ['缴费档次表为空']);
    assert.equal(validateResidentTierTable([{ contribution: -100, subsidy: 30 }]).length, 1);
  });
});

describe("residents' pension — eligibility edges", () => {
  it('under 60 with 15 years → not yet eligible, nothing short', () => {
    const r = run({ age: 59, contributionYears: 15, accountBalance: 30000, basicPension: 163 });
    assert.equal(r.result.eligible, false);
    assert.equal(r.result.shortYears, 0);
  });

  it('already drawing another state basic pension → not eligible', () => {
    assert.equal(run({ age: 65, contributionYears: 15, accountBalance: 0, basicPension: 163, receivingOtherPension: true }).result.eligible, false);
  });

  it('already 60 when the local scheme started (国发〔2014〕8号 七): basic pension without contributions', () => {
    const r = run({ age: 75, contributionYears: 0, accountBalance: 0, basicPension: 163, ageAtSchemeStart: 62 });
    assert.equal(r.result.eligible, true);
    assert.equal(r.result.requiredYears, 0);
    assert.equal(r.result.total, 163);
  });

  it('fewer than 15 years to 60 at the start: pays every year until 60 (50 at the start → 10 years)', () => {
    const ok = run({ age: 62, contributionYears: 10, accountBalance: 5000, basicPension: 163, ageAtSchemeStart: 50 });
    assert.equal(ok.result.requiredYears, 10);
    assert.equal(ok.result.eligible, true);
    assert.ok(ok.assumptions.some((a) => a.includes('逐年缴费')));
    const short = run({ age: 62, contributionYears: 8, accountBalance: 5000, basicPension: 163, ageAtSchemeStart: 50 });
    assert.equal(short.result.eligible, false);
    assert.equal(short.result.shortYears, 2);
    // 45 at the start: exactly 15 years to go → 15 years
    assert.equal(run({ age: 60, contributionYears: 15, accountBalance: 0, basicPension: 163, ageAtSchemeStart: 45 }).result.requiredYears, 15);
  });

  it('an age at the start above the present age is refused, naming the field', () => {
    assert.throws(
      () => run({ age: 60, contributionYears: 15, accountBalance: 0, basicPension: 163, ageAtSchemeStart: 61 }),
      (e: unknown) => e instanceof CalcInputError && e.field === 'ageAtSchemeStart',
    );
  });
});

describe("residents' pension — parameters and invalid input", () => {
  it('declares the basic pension as the center parameter resident_basic_pension; the result is an estimate', () => {
    assert.deepEqual(residentPension.parameters, { basicPension: 'resident_basic_pension' });
    assert.equal(run({ age: 60, contributionYears: 15, accountBalance: 30000, basicPension: 163 }).estimate, true);
  });

  it('refuses a negative balance, a negative basic pension, fractional years and an age under 16', () => {
    const ok = { age: 60, contributionYears: 15, accountBalance: 30000, basicPension: 163 };
    assert.equal(residentPension.input.safeParse(ok).success, true);
    assert.equal(residentPension.input.safeParse({ ...ok, accountBalance: -1 }).success, false);
    assert.equal(residentPension.input.safeParse({ ...ok, basicPension: -163 }).success, false);
    assert.equal(residentPension.input.safeParse({ ...ok, contributionYears: 12.5 }).success, false);
    assert.equal(residentPension.input.safeParse({ ...ok, contributionYears: -1 }).success, false);
    assert.equal(residentPension.input.safeParse({ ...ok, age: 15 }).success, false);
    assert.equal(residentPension.input.safeParse({ ...ok, basicPension: undefined }).success, false);
  });
});

describe('residents’ pension: the government subsidy of the tier chosen, from the region’s table', () => {
  const base = { age: 45, contributionYears: 10, accountBalance: 12000, basicPension: 163 };
  const calc = (extra: object) => residentPension.compute(residentPension.input.parse({ ...base, ...extra }));

  it('reads the subsidy of the chosen tier from the table (Changsha 2017 demo data: 500 → 70)', () => {
    const r = calc({ annualContribution: 500, tiers: CHANGSHA_2017_TIERS });
    assert.equal(r.result.annualSubsidy, 70);
    assert.ok(r.steps.some((s) => s.title === '政府缴费补贴'));
  });

  it('without a table, computes no subsidy and says why', () => {
    const r = calc({ annualContribution: 500 });
    assert.equal('annualSubsidy' in r.result, false);
    assert.ok(r.assumptions.some((a) => a.includes('未计算补贴')));
  });

  it('refuses a table below the national floors and a contribution that is not a tier, naming the field', () => {
    assert.throws(() => calc({ annualContribution: 500, tiers: [{ contribution: 100, subsidy: 20 }, { contribution: 500, subsidy: 70 }] }), (e: any) => e instanceof CalcInputError && e.field === 'tiers');
    assert.throws(() => calc({ annualContribution: 550, tiers: CHANGSHA_2017_TIERS }), (e: any) => e instanceof CalcInputError && e.field === 'annualContribution');
  });
});
