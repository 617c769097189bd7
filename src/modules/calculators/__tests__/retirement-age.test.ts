import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monthIndex, yearMonthOf } from '../core/inputs.js';
import { minContributionMonthsFor, retirementAge, statutoryRetirement, type RetirementCategory } from '../formulas/retirement-age.js';

const run = (input: unknown) => retirementAge.compute(retirementAge.input.parse(input));
const ym = (years: number, months = 0) => years * 12 + months;

/** Checks delay (when given), age and month of one birth month. */
function expectRetirement(birthMonth: string, category: RetirementCategory, age: number, month: string, delay?: number) {
  const r = run({ birthMonth, category }).result;
  assert.equal(r.retirementAgeMonths, age, `${category} ${birthMonth}: age`);
  assert.equal(r.retirementMonth, month, `${category} ${birthMonth}: month`);
  if (delay !== undefined) assert.equal(r.delayMonths, delay, `${category} ${birthMonth}: delay`);
  return r;
}

describe('retirement age — male (calculator-cases 1–3)', () => {
  it('1a. born 1964-12 → delay 0, 60y0m, 2024-12 (unaffected)', () => {
    expectRetirement('1964-12', 'male', ym(60), '2024-12', 0);
  });

  it('1b. born 1965-01 → delay 1, 60y1m, 2025-02 (first affected month)', () => {
    expectRetirement('1965-01', 'male', ym(60, 1), '2025-02', 1);
  });

  it('1c. born 1965-04 → 60y1m, 2025-05; born 1965-05 → 60y2m, 2025-07', () => {
    expectRetirement('1965-04', 'male', ym(60, 1), '2025-05', 1);
    expectRetirement('1965-05', 'male', ym(60, 2), '2025-07', 2);
  });

  it('1c. no male retirees in 2025-06 (correct, not a bug)', () => {
    for (let b = monthIndex('1960-01'); b <= monthIndex('1970-12'); b++) {
      assert.notEqual(statutoryRetirement(yearMonthOf(b), 'male').retirementMonth, '2025-06', `born ${yearMonthOf(b)}`);
    }
  });

  it('2a. born 1965-12 → delay 3, 60y3m, 2026-03 (exercise vector 2026-03,60.25,3)', () => {
    expectRetirement('1965-12', 'male', ym(60, 3), '2026-03', 3);
  });

  it('2b. born 1967-05 → delay 8, 60y8m, 2028-01, minimum 15 years', () => {
    const r = expectRetirement('1967-05', 'male', ym(60, 8), '2028-01', 8);
    assert.equal(r.minContributionMonths, 180);
  });

  it('2c. born 1970-06 → delay 17, 61y5m, 2031-11, minimum 16 years (192 months)', () => {
    const r = expectRetirement('1970-06', 'male', ym(61, 5), '2031-11', 17);
    assert.equal(r.minContributionMonths, 192);
  });

  it('3. born 1976-08 → 62y11m, 2039-07; 1976-09 → 63y0m (delay 36), 2039-09; 1990-01 → 63y0m, 2053-01; minimum 20 years', () => {
    const a = expectRetirement('1976-08', 'male', ym(62, 11), '2039-07', 35);
    const b = expectRetirement('1976-09', 'male', ym(63), '2039-09', 36);
    const c = expectRetirement('1990-01', 'male', ym(63), '2053-01', 36);
    for (const r of [a, b, c]) assert.equal(r.minContributionMonths, 240);
  });

  it('final cohorts (rules.md §1.2 checks): male 1976-12 → 63y, 2039-12; male 2000-12 → 63y, 2063-12', () => {
    expectRetirement('1976-12', 'male', ym(63), '2039-12', 36);
    expectRetirement('2000-12', 'male', ym(63), '2063-12', 36);
  });
});

describe('retirement age — female, original age 55 (calculator-cases 4)', () => {
  it('4a. born 1969-12 → 55y0m, 2024-12 (unaffected); born 1970-01 → 55y1m, 2025-02', () => {
    expectRetirement('1969-12', 'female55', ym(55), '2024-12', 0);
    expectRetirement('1970-01', 'female55', ym(55, 1), '2025-02', 1);
  });

  it('4b. born 1971-04 → delay 4, 55y4m, 2026-08 (exercise vector 2026-08,55.33,4)', () => {
    expectRetirement('1971-04', 'female55', ym(55, 4), '2026-08', 4);
  });

  it('4c. born 1974-10 → delay 15, 56y3m, 2031-01, minimum 16 years', () => {
    const r = expectRetirement('1974-10', 'female55', ym(56, 3), '2031-01', 15);
    assert.equal(r.minContributionMonths, 192);
  });

  it('4d. born 1981-08 → 57y11m, 2039-07; born 1981-09 → 58y0m, 2039-09', () => {
    expectRetirement('1981-08', 'female55', ym(57, 11), '2039-07', 35);
    expectRetirement('1981-09', 'female55', ym(58), '2039-09', 36);
  });

  it('final cohort: female55 1981-12 → 58y, 2039-12', () => {
    expectRetirement('1981-12', 'female55', ym(58), '2039-12', 36);
  });
});

describe('retirement age — female, original age 50 (calculator-cases 5)', () => {
  it('5a. born 1975-01 → 50y1m, 2025-02; 1975-02 → 50y1m, 2025-03; 1975-03 → 50y2m, 2025-05', () => {
    expectRetirement('1975-01', 'female50', ym(50, 1), '2025-02', 1);
    expectRetirement('1975-02', 'female50', ym(50, 1), '2025-03', 1);
    expectRetirement('1975-03', 'female50', ym(50, 2), '2025-05', 2);
  });

  it('5a. boundary: born 1974-12 → 50y0m, 2024-12 (unaffected); nobody of the 原50 group retires in 2025-04', () => {
    expectRetirement('1974-12', 'female50', ym(50), '2024-12', 0);
    for (let b = monthIndex('1970-01'); b <= monthIndex('1980-12'); b++) {
      assert.notEqual(statutoryRetirement(yearMonthOf(b), 'female50').retirementMonth, '2025-04', `born ${yearMonthOf(b)}`);
    }
  });

  it('5b. born 1980-06 → delay 33, 52y9m, 2033-03, minimum 17 years (204 months)', () => {
    const r = expectRetirement('1980-06', 'female50', ym(52, 9), '2033-03', 33);
    assert.equal(r.minContributionMonths, 204);
  });

  it('5c. born 1984-10 → 54y11m, 2039-09; 1984-11 → 55y0m (delay 60), 2039-11; 1995-12 → 55y0m, 2050-12', () => {
    expectRetirement('1984-10', 'female50', ym(54, 11), '2039-09', 59);
    expectRetirement('1984-11', 'female50', ym(55), '2039-11', 60);
    expectRetirement('1995-12', 'female50', ym(55), '2050-12', 60);
  });

  it('final cohort: female50 1984-12 → 55y, 2039-12', () => {
    expectRetirement('1984-12', 'female50', ym(55), '2039-12', 60);
  });
});

describe('retirement age — properties', () => {
  it('the retirement month rises strictly with the birth month and the delay never exceeds the cap', () => {
    const caps: Record<RetirementCategory, number> = { male: 36, female55: 36, female50: 60 };
    for (const category of ['male', 'female55', 'female50'] as const) {
      let previous = -Infinity;
      for (let b = monthIndex('1955-01'); b <= monthIndex('2005-12'); b++) {
        const r = statutoryRetirement(yearMonthOf(b), category);
        const month = monthIndex(r.retirementMonth);
        assert.ok(month > previous, `${category} ${yearMonthOf(b)}`);
        assert.ok(r.delayMonths >= 0 && r.delayMonths <= caps[category]);
        previous = month;
      }
    }
  });

  it('cites 延迟退休办法 第一条 for the delay, 第二条 for the minimum years, 第三条 for flexible retirement', () => {
    const r = run({ birthMonth: '1970-06', category: 'male' });
    const cited = (law: string, article: number) => r.steps.some((s) => s.basis.some((b) => b.law === law && b.article === article));
    assert.ok(cited('延迟退休办法', 1));
    assert.ok(cited('延迟退休办法', 2));
    assert.ok(cited('延迟退休办法', 3));
    assert.ok(cited('延迟退休决定', 1));
    assert.ok(r.assumptions.some((a) => a.includes('附件')));
    assert.ok(r.assumptions.some((a) => a.includes('人社部发〔2024〕94号')));
  });
});

describe('flexible retirement window (calculator-cases 6)', () => {
  it('6. male 1970-06, statutory 61y5m (2031-11): earliest 60y0m → 2030-06; latest 64y5m → 2034-11', () => {
    const r = run({ birthMonth: '1970-06', category: 'male' }).result;
    assert.equal(r.retirementAgeMonths, ym(61, 5));
    assert.equal(r.retirementMonth, '2031-11');
    assert.equal(r.earliestFlexibleAgeMonths, ym(60));
    assert.equal(r.earliestFlexibleMonth, '2030-06');
    assert.equal(r.latestFlexibleAgeMonths, ym(64, 5));
    assert.equal(r.latestFlexibleMonth, '2034-11');
  });

  it('6. female 原50 born 1975-03, statutory 50y2m: earliest 50y0m (never below the original age)', () => {
    const r = run({ birthMonth: '1975-03', category: 'female50' }).result;
    assert.equal(r.retirementAgeMonths, ym(50, 2));
    assert.equal(r.earliestFlexibleAgeMonths, ym(50));
    assert.equal(r.earliestFlexibleMonth, '2025-03');
    assert.equal(r.latestFlexibleAgeMonths, ym(53, 2));
  });

  it('fully delayed: earliest is exactly 36 months before the statutory age (male 1980-01 → 60y0m … 66y0m)', () => {
    const r = run({ birthMonth: '1980-01', category: 'male' }).result;
    assert.equal(r.earliestFlexibleAgeMonths, ym(60));
    assert.equal(r.latestFlexibleAgeMonths, ym(66));
    assert.equal(r.latestFlexibleMonth, '2046-01');
    const f = run({ birthMonth: '1990-05', category: 'female50' }).result;
    assert.equal(f.earliestFlexibleAgeMonths, ym(52));
    assert.equal(f.latestFlexibleAgeMonths, ym(58));
  });

  it('unaffected (statutory age reached before 2025-01): no flexible window', () => {
    const r = run({ birthMonth: '1964-12', category: 'male' }).result;
    assert.equal(r.earliestFlexibleMonth, null);
    assert.equal(r.latestFlexibleMonth, null);
  });
});

describe('minimum contribution years (calculator-cases 7a)', () => {
  it('7a. retirement year 2029 / 2030 / 2035 / 2038 / 2041 → 15y / 15y6m / 18y / 19y6m / 20y', () => {
    assert.deepEqual(
      [2029, 2030, 2035, 2038, 2041].map(minContributionMonthsFor),
      [180, 186, 216, 234, 240],
    );
  });

  it('7a. whole table: ≤2029 15y, then +6 months a year, ≥2039 20y', () => {
    assert.equal(minContributionMonthsFor(2024), 180);
    assert.equal(minContributionMonthsFor(2031), 192);
    assert.equal(minContributionMonthsFor(2038), 234);
    assert.equal(minContributionMonthsFor(2039), 240);
    assert.equal(minContributionMonthsFor(2063), 240);
  });

  it('7a. the calculator keys the minimum on the year the statutory age is reached (boundary 2029-12 / 2030-02)', () => {
    const a = run({ birthMonth: '1968-12', category: 'male' }).result;
    assert.equal(a.retirementMonth, '2029-12');
    assert.equal(a.minContributionMonths, 180);
    const b = run({ birthMonth: '1969-01', category: 'male' }).result;
    assert.equal(b.retirementMonth, '2030-02');
    assert.equal(b.minContributionMonths, 186);
    assert.equal(run({ birthMonth: '1984-11', category: 'female50' }).result.minContributionMonths, 240);
  });
});

describe('retirement age — invalid input is rejected by the schema', () => {
  it('impossible month 2025-13, month 00, malformed dates', () => {
    for (const birthMonth of ['2025-13', '1970-00', '1970-6', '1970/06', '70-06', '']) {
      assert.equal(retirementAge.input.safeParse({ birthMonth, category: 'male' }).success, false, birthMonth);
    }
  });

  it('unknown or missing category', () => {
    assert.equal(retirementAge.input.safeParse({ birthMonth: '1970-06', category: 'female60' }).success, false);
    assert.equal(retirementAge.input.safeParse({ birthMonth: '1970-06', category: 'MALE' }).success, false);
    assert.equal(retirementAge.input.safeParse({ birthMonth: '1970-06' }).success, false);
  });

  it('missing birth month', () => {
    assert.equal(retirementAge.input.safeParse({ category: 'male' }).success, false);
  });
});
