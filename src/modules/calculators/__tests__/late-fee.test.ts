import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lateFee } from '../formulas/late-fee.js';

const run = (input: unknown) => lateFee.compute(lateFee.input.parse(input));

describe('late fee (calculator-cases 24a)', () => {
  it('24a: arrears 10,000 × 30 days → 150.00', () => {
    const r = run({ arrears: 10000, days: 30 });
    assert.equal(r.result.lateFee, 150);
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '社会保险法' && b.article === 86)));
  });

  it('24a: arrears 50,000 × 100 days → 2,500.00, fine after the deadline 50,000–150,000', () => {
    assert.deepEqual(run({ arrears: 50000, days: 100 }).result, { lateFee: 2500, fineMin: 50000, fineMax: 150000 });
  });

  it('simple interest, rounded once to the fen', () => {
    // 1,234.56 × 0.0005 × 7 = 4.320960 → 4.32
    assert.equal(run({ arrears: 1234.56, days: 7 }).result.lateFee, 4.32);
    assert.equal(run({ arrears: 10000, days: 0 }).result.lateFee, 0);
  });

  it('rejects negative arrears, negative or fractional days and a missing field', () => {
    assert.equal(lateFee.input.safeParse({ arrears: -1, days: 30 }).success, false);
    assert.equal(lateFee.input.safeParse({ arrears: 1000, days: -1 }).success, false);
    assert.equal(lateFee.input.safeParse({ arrears: 1000, days: 1.5 }).success, false);
    assert.equal(lateFee.input.safeParse({ arrears: 1000 }).success, false);
  });
});
