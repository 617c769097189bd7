import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalcInputError } from '../core/calculation.js';
import { workInjuryDeadlines } from '../formulas/work-injury-deadlines.js';

const run = (input: unknown) => workInjuryDeadlines.compute(workInjuryDeadlines.input.parse(input));

describe('work-injury deadlines (calculator-cases 18)', () => {
  it('18: accident 2025-03-10 → employer by 2025-04-09, worker or relatives by 2026-03-10', () => {
    const r = run({ accidentDate: '2025-03-10' });
    assert.equal(r.result.employerDeadline, '2025-04-09');
    assert.equal(r.result.workerDeadline, '2026-03-10');
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '工伤保险条例' && b.article === 17)));
  });

  it('18: decision within 60 days of acceptance, 15 if the facts are clear', () => {
    const r = run({ accidentDate: '2025-03-10', acceptanceDate: '2025-04-01' });
    assert.equal(r.result.decisionDays, 60);
    assert.equal(r.result.clearCaseDecisionDays, 15);
    assert.equal(r.result.decisionDeadline, '2025-05-31');
    assert.equal(r.result.clearCaseDecisionDeadline, '2025-04-16');
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '工伤保险条例' && b.article === 20)));
  });

  it('18: 停工留薪 requested for 30 months → maximum 24', () => {
    const r = run({ accidentDate: '2025-03-10', requestedLeaveMonths: 30 });
    assert.equal(r.result.maxLeaveMonths, 24);
    assert.equal(r.result.leaveMonths, 24);
    assert.equal(run({ accidentDate: '2025-03-10', requestedLeaveMonths: 10 }).result.leaveMonths, 10);
  });

  it('a year from 29 February ends on 28 February', () => {
    assert.equal(run({ accidentDate: '2024-02-29' }).result.workerDeadline, '2025-02-28');
  });

  it('rejects an impossible date and an acceptance before the accident', () => {
    assert.equal(workInjuryDeadlines.input.safeParse({ accidentDate: '2025-02-30' }).success, false);
    assert.equal(workInjuryDeadlines.input.safeParse({}).success, false);
    assert.throws(() => run({ accidentDate: '2025-03-10', acceptanceDate: '2025-03-01' }), (e) => e instanceof CalcInputError && e.field === 'acceptanceDate');
  });
});
