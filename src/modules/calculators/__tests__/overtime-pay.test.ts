import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overtimePay } from '../formulas/overtime-pay.js';

const run = (input: unknown) => overtimePay.compute(overtimePay.input.parse(input));

describe('overtime pay (calculator-cases 22)', () => {
  it('5,220 a month: daily 240, hourly 30; 10 h weekday + 8 h rest day + 8 h holiday = 1,650.00', () => {
    const r = run({ monthlyWage: 5220, weekdayHours: 10, restDayHours: 8, holidayHours: 8 });
    assert.deepEqual(r.result, { dailyWage: 240, hourlyWage: 30, weekdayPay: 450, restDayPay: 480, holidayPay: 720, total: 1650 });
    assert.ok(r.steps.some((s) => s.basis.some((b) => b.law === '劳动法' && b.article === 44)));
  });

  it('rounds once, at the end, to the fen', () => {
    const r = run({ monthlyWage: 4000, weekdayHours: 1 });
    // 4000 / 174 × 1.5 = 34.4827… → 34.48
    assert.equal(r.result.weekdayPay, 34.48);
    assert.equal(r.result.hourlyWage, 22.99);
  });

  it('refuses a negative wage and negative hours', () => {
    assert.equal(overtimePay.input.safeParse({ monthlyWage: -1 }).success, false);
    assert.equal(overtimePay.input.safeParse({ monthlyWage: 5000, weekdayHours: -2 }).success, false);
  });
});
