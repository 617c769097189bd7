import { z } from 'zod';
import { CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, percent, yuan } from '../core/money.js';
import { ZDays, ZPositiveMoney } from '../core/inputs.js';

/** 社会保险法 86: 万分之五 of the arrears per day, simple, from the day the arrears arise. */
const DAILY_RATE = '0.0005';
/** 社会保险法 86: after the deadline set by the collector, a fine of 1 to 3 times the arrears. */
const FINE_MIN_MULTIPLE = 1;
const FINE_MAX_MULTIPLE = 3;

/**
 * Late fee on unpaid social-insurance contributions (社会保险法 86; rules.md §7): 0.05% of the arrears a
 * day, not compounded; and the range of the fine if the arrears are still unpaid after the deadline.
 */
export const lateFee = defineCalculator({
  name: 'late-fee',
  title: { zh: '社会保险费滞纳金', en: 'Late fee on social-insurance contributions' },
  topics: ['P02', 'S096'],
  input: z.object({
    /** Contributions due and unpaid, yuan. */
    arrears: ZPositiveMoney,
    /** Days in arrears, counted from the day the arrears arose. */
    days: ZDays,
  }),
  compute(input) {
    const t = new CalcTrace();
    const arrears = dec(input.arrears);
    const fee = arrears.times(DAILY_RATE).times(input.days);
    t.step(
      '滞纳金',
      `自欠缴之日起按日加收万分之五（${percent(DAILY_RATE)}），按单利计算：${yuan(arrears)} × ${percent(DAILY_RATE)} × ${input.days}天 = ${yuan(fee)}`,
      [{ law: '社会保险法', article: 86 }],
    );
    t.step(
      '滞纳金标准的适用',
      '社会保险费征缴暂行条例第十三条规定的按日千分之二，已由效力更高、施行在后的社会保险法第八十六条（按日万分之五）取代；未参加工伤保险补缴工伤保险费的，滞纳金同样按日万分之五。',
      [{ law: '社会保险法', article: 86 }, { law: '社会保险费征缴暂行条例', article: 13 }, { law: '工伤保险条例', article: 62 }],
    );
    const fineMin = arrears.times(FINE_MIN_MULTIPLE);
    const fineMax = arrears.times(FINE_MAX_MULTIPLE);
    t.step(
      '逾期仍不缴纳的罚款',
      `征收机构责令限期缴纳，逾期仍不缴纳的，由有关行政部门处欠缴数额一倍以上三倍以下的罚款：${yuan(fineMin)}至${yuan(fineMax)}（另需补缴欠缴的社会保险费和滞纳金）`,
      [{ law: '社会保险法', article: 86 }],
    );
    t.assume('欠缴天数按输入计算；首日、末日是否计入以及起算日期，以征收机构的核定为准。');
    return t.done({ lateFee: fen(fee), fineMin: fen(fineMin), fineMax: fen(fineMax) }, { estimate: false });
  },
});
