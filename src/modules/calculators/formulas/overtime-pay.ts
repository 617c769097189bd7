import { z } from 'zod';
import { CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, yuan } from '../core/money.js';
import { ZHours, ZMoney } from '../core/inputs.js';

/** 月计薪天数 21.75 = (365 − 104) ÷ 12: statutory holidays are paid, so they are not deducted (工资折算通知 二). */
const PAY_DAYS_PER_MONTH = '21.75';
const HOURS_PER_DAY = 8;

/**
 * Overtime pay (rules.md §6 Overtime [P]): weekday overtime ≥ 150%, rest-day work without time off
 * ≥ 200%, statutory-holiday work ≥ 300% of the hourly wage (劳动法 44; 工资支付暂行规定 13).
 */
export const overtimePay = defineCalculator({
  name: 'overtime-pay',
  title: { zh: '加班费', en: 'Overtime pay' },
  topics: ['S004'],
  input: z.object({
    monthlyWage: ZMoney,
    weekdayHours: ZHours.default(0),
    restDayHours: ZHours.default(0),
    holidayHours: ZHours.default(0),
  }),
  compute(input) {
    const t = new CalcTrace();
    const wage = dec(input.monthlyWage);
    const daily = wage.div(PAY_DAYS_PER_MONTH);
    const hourly = daily.div(HOURS_PER_DAY);
    t.step(
      '折算日工资和小时工资',
      `日工资 = 月工资 ${yuan(wage)} ÷ 21.75天 = ${yuan(daily)}；小时工资 = 日工资 ÷ 8小时 = ${yuan(hourly)}`,
      [{ law: '工资折算通知', article: 2 }],
    );
    const weekday = hourly.times(input.weekdayHours).times('1.5');
    const restDay = hourly.times(input.restDayHours).times(2);
    const holiday = hourly.times(input.holidayHours).times(3);
    if (input.weekdayHours) t.step('工作日延长工作时间', `${yuan(hourly)} × 150% × ${input.weekdayHours}小时 = ${yuan(weekday)}`, [{ law: '劳动法', article: 44 }, { law: '工资支付暂行规定', article: 13 }]);
    if (input.restDayHours) t.step('休息日工作且不能安排补休', `${yuan(hourly)} × 200% × ${input.restDayHours}小时 = ${yuan(restDay)}`, [{ law: '劳动法', article: 44 }, { law: '工资支付暂行规定', article: 13 }]);
    if (input.holidayHours) t.step('法定休假日工作（不能以补休代替）', `${yuan(hourly)} × 300% × ${input.holidayHours}小时 = ${yuan(holiday)}`, [{ law: '劳动法', article: 44 }, { law: '工资支付暂行规定', article: 13 }]);
    const total = weekday.plus(restDay).plus(holiday);
    t.step('合计', `加班费合计 ${yuan(total)}（法定最低标准，约定更高的从约定）`, []);
    if (input.restDayHours) t.assume('休息日加班按单位不能安排同等时间补休计算；安排了补休的不再支付200%的加班费。');
    t.assume('按月工资全额折算；月工资中是否包含奖金、津贴等，按劳动合同约定和当地规定确定。');
    t.assume('月计薪天数按21.75天（劳社部发〔2008〕3号）；2025年全体公民节日假期增至13天后，未见国家发布新的折算通知。');
    return t.done(
      {
        dailyWage: fen(daily),
        hourlyWage: fen(hourly),
        weekdayPay: fen(weekday),
        restDayPay: fen(restDay),
        holidayPay: fen(holiday),
        total: fen(total),
      },
      { estimate: false },
    );
  },
});
