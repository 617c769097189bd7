import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workInjuryDeath } from '../formulas/work-injury-death.js';

const run = (input: unknown) => workInjuryDeath.compute(workInjuryDeath.input.parse(input));
/** Local average 8,000 (illustrative); 2024 national urban disposable income 54,188 (rules.md §5.3 [U]). */
const BASE = { ownWage: 6000, localAverageWage: 8000, nationalDisposableIncome: 54188 };

describe('work-injury death (calculator-cases 17)', () => {
  it('17: spouse + one child → funeral 48,000.00; death subsidy 1,083,760.00; pension 4,200.00 (cap 6,000)', () => {
    const r = run({ ...BASE, dependants: [{ relation: 'spouse' }, { relation: 'child' }] });
    assert.equal(r.result.funeralGrant, 48000);
    assert.equal(r.result.oneOffDeathSubsidy, 1083760);
    assert.equal(r.result.dependantsPension, 4200);
    assert.equal(r.result.dependantsPensionCap, 6000);
    assert.equal(r.result.capped, false);
    assert.ok(r.steps.every((s) => s.basis.some((b) => b.law === '工伤保险条例' && (b.article === 39 || b.article === 64))));
    assert.ok(r.assumptions.some((a) => a.includes('人均可支配收入')));
    assert.equal(r.estimate, true);
  });

  it('17: spouse + 3 other dependants, 130% = 7,800 → capped at 6,000.00', () => {
    const r = run({ ...BASE, dependants: [{ relation: 'spouse' }, { relation: 'child' }, { relation: 'child' }, { relation: 'parent' }] });
    assert.equal(r.result.dependantsPension, 6000);
    assert.equal(r.result.capped, true);
    assert.deepEqual(
      r.result.dependants.map((d) => d.amount),
      [2400, 1800, 1800, 1800],
    );
  });

  it('17: one orphan as the only dependant → 30% + 10% = 2,400.00', () => {
    const r = run({ ...BASE, dependants: [{ relation: 'child', lonelyElderOrOrphan: true }] });
    assert.equal(r.result.dependantsPension, 2400);
    assert.equal(r.result.dependants[0]!.rate, 0.4);
  });

  it('no dependants → no pension; a grade 1–4 worker dying after the 停工留薪 period gets no one-off subsidy', () => {
    assert.equal(run(BASE).result.dependantsPension, 0);
    const r = run({ ...BASE, gradeOneToFourAfterLeave: true, dependants: [{ relation: 'spouse' }] });
    assert.equal(r.result.oneOffDeathSubsidy, 0);
    assert.equal(r.result.funeralGrant, 48000);
    assert.equal(r.result.dependantsPension, 2400);
  });

  it('the pension rests on the clamped wage: own wage 3,000 → base 4,800, spouse 1,920.00', () => {
    const r = run({ ...BASE, ownWage: 3000, dependants: [{ relation: 'spouse' }] });
    assert.equal(r.result.wageBase, 4800);
    assert.equal(r.result.dependantsPension, 1920);
    assert.equal(r.result.dependantsPensionCap, 4800);
  });

  it('rejects two spouses, an unknown relation, a negative wage and a missing national figure', () => {
    assert.equal(workInjuryDeath.input.safeParse({ ...BASE, dependants: [{ relation: 'spouse' }, { relation: 'spouse' }] }).success, false);
    assert.equal(workInjuryDeath.input.safeParse({ ...BASE, dependants: [{ relation: 'cousin' }] }).success, false);
    assert.equal(workInjuryDeath.input.safeParse({ ...BASE, ownWage: -1 }).success, false);
    assert.equal(workInjuryDeath.input.safeParse({ ownWage: 6000, localAverageWage: 8000 }).success, false);
    assert.deepEqual(workInjuryDeath.parameters, { localAverageWage: 'local_average_monthly_wage', nationalDisposableIncome: 'national_disposable_income' });
  });
});
