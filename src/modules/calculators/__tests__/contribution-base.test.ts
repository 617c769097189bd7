import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalcInputError } from '../core/calculation.js';
import { contributionBase } from '../formulas/contribution-base.js';

const run = (input: unknown) => contributionBase.compute(contributionBase.input.parse(input));
/** Shanghai from 2025-07-01 (rules.md §7 [S]). */
const SH = { baseFloor: 7460, baseCeiling: 37302, employerRate: 0.16, workerRate: 0.08 };

describe('contribution base (calculator-cases 24b)', () => {
  it('24b: wage 5,000 → base 7,460; employer 16% 1,193.60; worker 8% 596.80', () => {
    const r = run({ ...SH, wage: 5000 });
    assert.deepEqual(r.result, { base: 7460, employerContribution: 1193.6, workerContribution: 596.8 });
    assert.equal(r.estimate, false);
  });

  it('24b: wage 50,000 → base 37,302; worker pension 2,984.16', () => {
    const r = run({ ...SH, wage: 50000 });
    assert.equal(r.result.base, 37302);
    assert.equal(r.result.workerContribution, 2984.16);
    assert.equal(r.result.employerContribution, 5968.32);
  });

  it('a wage between the limits is the base; the limits themselves are kept', () => {
    assert.equal(run({ ...SH, wage: 12000 }).result.base, 12000);
    assert.equal(run({ ...SH, wage: 7460 }).result.base, 7460);
    assert.equal(run({ ...SH, wage: 37302 }).result.base, 37302);
  });

  it('without local rates, the national 16% / 8% are used and flagged', () => {
    const r = run({ wage: 10000, baseFloor: 7460, baseCeiling: 37302 });
    assert.equal(r.result.employerContribution, 1600);
    assert.equal(r.result.workerContribution, 800);
    assert.equal(r.estimate, true);
    assert.ok(r.assumptions.some((a) => a.includes('16%')));
  });

  it('rejects a floor above the ceiling, a negative wage, a rate above 1 and a missing floor', () => {
    assert.throws(() => run({ wage: 5000, baseFloor: 9000, baseCeiling: 8000 }), CalcInputError);
    assert.equal(contributionBase.input.safeParse({ ...SH, wage: -5 }).success, false);
    assert.equal(contributionBase.input.safeParse({ ...SH, wage: 5000, workerRate: 8 }).success, false);
    assert.equal(contributionBase.input.safeParse({ wage: 5000, baseCeiling: 37302 }).success, false);
  });
});
