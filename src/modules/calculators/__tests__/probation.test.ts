import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalcInputError } from '../core/calculation.js';
import { probation } from '../formulas/probation.js';

const run = (input: unknown) => probation.compute(probation.input.parse(input));
const max = (input: unknown) => run(input).result.maxProbationMonths;

describe('probation maximum (calculator-cases 21)', () => {
  it('21: term 2 months → 0', () => {
    const r = run({ termMonths: 2 });
    assert.equal(r.result.maxProbationMonths, 0);
    assert.equal(r.result.allowed, false);
  });
  it('21: 3 months → 1 (“以上” includes 3)', () => assert.equal(max({ termMonths: 3 }), 1));
  it('21: 1 year → 2 (“以上” includes 1 year)', () => assert.equal(max({ termMonths: 12 }), 2));
  it('21: 2y11m → 2 (“不满三年”)', () => assert.equal(max({ termMonths: 35 }), 2));
  it('21: 3 years → 6', () => assert.equal(max({ termMonths: 36 }), 6));
  it('21: open-ended → 6', () => assert.equal(max({ openEnded: true }), 6));
  it('21: task-based → 0', () => {
    const r = run({ taskBased: true });
    assert.equal(r.result.maxProbationMonths, 0);
    assert.equal(r.result.allowed, false);
    assert.match(r.result.reason, /完成一定工作任务/);
  });
  it('boundaries: 11 months → 1', () => assert.equal(max({ termMonths: 11 }), 1));

  it('21: a second probation with the same employer → not allowed', () => {
    const r = run({ termMonths: 36, previousProbationWithEmployer: true });
    assert.equal(r.result.allowed, false);
    assert.equal(r.result.maxProbationMonths, 0);
    assert.match(r.result.reason, /只能约定一次/);
    assert.ok(r.steps.every((s) => s.basis.some((b) => b.law === '劳动合同法')));
  });

  it('checks an agreed probation: 3 months on a 1-year contract exceeds the 2-month maximum', () => {
    const r = run({ termMonths: 12, agreedProbationMonths: 3 });
    assert.equal(r.result.allowed, false);
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '劳动合同法' && b.article === 83)));
    assert.equal(run({ termMonths: 12, agreedProbationMonths: 2 }).result.allowed, true);
  });

  it('rejects no term, two kinds of term and a negative term', () => {
    assert.throws(() => run({}), CalcInputError);
    assert.throws(() => run({ termMonths: 12, openEnded: true }), CalcInputError);
    assert.equal(probation.input.safeParse({ termMonths: -3 }).success, false);
  });
});
