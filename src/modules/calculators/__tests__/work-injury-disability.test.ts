import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workInjuryDisability } from '../formulas/work-injury-disability.js';

const run = (input: unknown) => workInjuryDisability.compute(workInjuryDisability.input.parse(input));
const AVG = 8000; // local average monthly wage, illustrative (calculator-cases §5)

describe('work-injury disability (calculator-cases 15, 16)', () => {
  it('15a: grade 7, own wage 6,000 → one-off 78,000.00 (13 months), no monthly allowance', () => {
    const r = run({ grade: 7, ownWage: 6000, localAverageWage: AVG });
    assert.equal(r.result.wageBase, 6000);
    assert.equal(r.result.oneOffSubsidy, 78000);
    assert.equal(r.result.monthlyAllowance, 0);
    assert.equal(r.result.allowancePayer, 'none');
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '工伤保险条例' && b.article === 37)));
  });

  it('15b: grade 1, own wage 3,000 → clamped to 4,800; one-off 129,600.00; allowance 4,320.00 from the fund', () => {
    const r = run({ grade: 1, ownWage: 3000, localAverageWage: AVG });
    assert.equal(r.result.wageBase, 4800);
    assert.equal(r.result.oneOffSubsidy, 129600);
    assert.equal(r.result.monthlyAllowance, 4320);
    assert.equal(r.result.allowancePayer, 'fund');
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '工伤保险条例' && b.article === 64)));
  });

  it('15b: an allowance below the local minimum wage is topped up to it', () => {
    const r = run({ grade: 4, ownWage: 3000, localAverageWage: 4000, minimumWage: 2500 });
    // base 3,000 (60% of 4,000 = 2,400 < 3,000) × 75% = 2,250 < 2,500
    assert.equal(r.result.monthlyAllowance, 2500);
    assert.equal(r.result.toppedUpToMinimumWage, true);
    assert.equal(r.estimate, false);
    const above = run({ grade: 1, ownWage: 3000, localAverageWage: AVG, minimumWage: 2500 });
    assert.equal(above.result.monthlyAllowance, 4320);
    assert.equal(above.result.toppedUpToMinimumWage, false);
  });

  it('16: grade 5, own wage 30,000 → clamped to 24,000; one-off 432,000.00; employer-paid allowance 16,800.00', () => {
    const r = run({ grade: 5, ownWage: 30000, localAverageWage: AVG });
    assert.equal(r.result.wageBase, 24000);
    assert.equal(r.result.oneOffSubsidy, 432000);
    assert.equal(r.result.monthlyAllowance, 16800);
    assert.equal(r.result.allowancePayer, 'employer');
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '工伤保险条例' && b.article === 36)));
  });

  it('clamp boundaries: exactly 60% and exactly 300% of the local average are kept, a fen beyond is clamped', () => {
    assert.equal(run({ grade: 10, ownWage: 4800, localAverageWage: AVG }).result.wageBase, 4800);
    assert.equal(run({ grade: 10, ownWage: 4799.99, localAverageWage: AVG }).result.wageBase, 4800);
    assert.equal(run({ grade: 10, ownWage: 24000, localAverageWage: AVG }).result.wageBase, 24000);
    assert.equal(run({ grade: 10, ownWage: 24000.01, localAverageWage: AVG }).result.wageBase, 24000);
  });

  it('months and rates for every grade', () => {
    const months = [27, 25, 23, 21, 18, 16, 13, 11, 9, 7];
    const allowance = [9000, 8500, 8000, 7500, 7000, 6000, 0, 0, 0, 0];
    for (let g = 1; g <= 10; g++) {
      const r = run({ grade: g, ownWage: 10000, localAverageWage: AVG });
      assert.equal(r.result.oneOffSubsidy, months[g - 1]! * 10000, `grade ${g}`);
      assert.equal(r.result.monthlyAllowance, allowance[g - 1], `grade ${g}`);
    }
  });

  it('rejects grade 11, grade 0, a negative wage and a missing required field', () => {
    assert.equal(workInjuryDisability.input.safeParse({ grade: 11, ownWage: 5000, localAverageWage: AVG }).success, false);
    assert.equal(workInjuryDisability.input.safeParse({ grade: 0, ownWage: 5000, localAverageWage: AVG }).success, false);
    assert.equal(workInjuryDisability.input.safeParse({ grade: 2.5, ownWage: 5000, localAverageWage: AVG }).success, false);
    assert.equal(workInjuryDisability.input.safeParse({ grade: 3, ownWage: -1, localAverageWage: AVG }).success, false);
    assert.equal(workInjuryDisability.input.safeParse({ grade: 3, ownWage: 5000 }).success, false);
    assert.equal(workInjuryDisability.input.safeParse({ ownWage: 5000, localAverageWage: AVG }).success, false);
  });
});
