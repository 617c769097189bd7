import { z } from 'zod';
import { CalcInputError, CalcTrace, defineCalculator } from '../core/calculation.js';
import { DAY_MS, addMonths, parseDate, showDate } from '../core/dates.js';
import { dec, fen, yuan } from '../core/money.js';
import { ZDate, ZMonths, ZPositiveMoney } from '../core/inputs.js';

const LCL = '劳动合同法';
const LCLR = '劳动合同法实施条例';
/** 劳动合同法 82; 实施条例 6–7: from the 2nd month to the day before the first anniversary, so at most 11 months. */
const MAX_EXTRA_MONTHS = 11;
const SPC2 = '《最高人民法院关于审理劳动争议案件适用法律问题的解释（二）》法释〔2025〕12号第六条、第七条，https://gongbao.court.gov.cn/Details/bb72019c45453f84d920bd6375573e.html';


type Result = {
  extraMonths: number;
  extraWage: number;
  deemedOpenEnded: boolean;
  /** Days of a part month after the whole months, not valued (SPC2 art. 6: by that month's working days). */
  partMonthDays: number;
  deemedOpenEndedFrom?: string;
};

/**
 * Double wages for no written contract (劳动合同法 10, 14, 82; 实施条例 6–7; rules.md §6): one extra
 * month's wage for each month from the second month of work until the day before the contract is
 * signed, at most until the day before the first anniversary (11 months); at one year without a
 * contract an open-ended contract is deemed concluded. Whole months only.
 */
export const doubleWage = defineCalculator({
  name: 'double-wage',
  title: { zh: '未签书面劳动合同的二倍工资', en: 'Double wages for no written contract' },
  topics: ['S009'],
  input: z.object({
    monthlyWage: ZPositiveMoney,
    /** 用工之日: the first day of work. */
    startDate: ZDate.optional(),
    /** The day the written contract was signed (补订). */
    signedDate: ZDate.optional(),
    /** Still no contract: the day the question is asked. */
    asOfDate: ZDate.optional(),
    /** Instead of dates: whole months worked without a written contract, counted from the first day of work. */
    monthsWithoutContract: ZMonths.optional(),
  }),
  compute(input) {
    const t = new CalcTrace();
    const wage = dec(input.monthlyWage);
    let extraMonths: number;
    let deemed: boolean;
    let partDays = 0;
    let deemedFrom: string | undefined;
    let estimate = false;

    if (input.startDate !== undefined) {
      if (input.monthsWithoutContract !== undefined) throw new CalcInputError('monthsWithoutContract', '用工日期和未签合同月数只需填写一项');
      const start = parseDate(input.startDate);
      const firstExtra = addMonths(start, 1);
      const anniversary = addMonths(start, 12);
      let end: Date; // exclusive
      if (input.signedDate !== undefined) {
        end = parseDate(input.signedDate);
        if (end < start) throw new CalcInputError('signedDate', '签订日期不能早于用工日期');
        t.step('期间', `用工之日${input.startDate}，补订书面劳动合同之日${input.signedDate}`, [{ law: LCL, article: 10 }]);
      } else if (input.asOfDate !== undefined) {
        const asOf = parseDate(input.asOfDate);
        if (asOf < start) throw new CalcInputError('asOfDate', '计算日期不能早于用工日期');
        end = new Date(asOf.getTime() + DAY_MS);
        t.step('期间', `用工之日${input.startDate}，至${input.asOfDate}仍未订立书面劳动合同`, [{ law: LCL, article: 10 }]);
      } else {
        end = anniversary;
        t.step('期间', `用工之日${input.startDate}，用工满一年仍未订立书面劳动合同`, [{ law: LCL, article: 10 }]);
        t.assume('未提供签订日期或计算日期，按用工满一年仍未订立书面劳动合同计算。');
        estimate = true;
      }
      deemed = end >= anniversary;
      if (end > anniversary) end = anniversary;
      let n = 0;
      while (n < MAX_EXTRA_MONTHS && addMonths(start, 2 + n) <= end) n += 1;
      extraMonths = n;
      const partStart = addMonths(start, 1 + n);
      if (end > partStart) partDays = Math.round((end.getTime() - partStart.getTime()) / DAY_MS);
      if (extraMonths > 0 || partDays > 0) {
        const last = new Date(end.getTime() - DAY_MS);
        t.step(
          '支付二倍工资的期间',
          `自用工之日起满一个月的次日（按整月计为第2个月起，${showDate(firstExtra)}）至补订书面劳动合同的前一日、最长至用工满一年的前一日（${showDate(last)}）：${extraMonths}个整月${partDays ? `另${partDays}天` : ''}`,
          [{ law: LCL, article: 82 }, { law: LCLR, article: 6 }, { law: LCLR, article: 7 }],
          [SPC2],
        );
      } else {
        t.step('一个月内订立', '自用工之日起一个月内订立了书面劳动合同，不支付二倍工资。', [{ law: LCL, article: 10 }, { law: LCL, article: 82 }]);
      }
      if (deemed) deemedFrom = showDate(anniversary);
    } else if (input.monthsWithoutContract !== undefined) {
      if (input.signedDate !== undefined || input.asOfDate !== undefined)
        throw new CalcInputError('startDate', '填写签订日期或计算日期时，请同时填写用工日期');
      const m = input.monthsWithoutContract;
      extraMonths = Math.min(Math.max(m - 1, 0), MAX_EXTRA_MONTHS);
      deemed = m >= 12;
      t.step(
        '支付二倍工资的期间',
        m <= 1
          ? `未订立书面劳动合同${m}个月，在用工之日起一个月内，不支付二倍工资。`
          : `未订立书面劳动合同${m}个月：第一个月不计，自第2个月起至补订合同前，最多至用工满一年前（11个月）→ ${extraMonths}个月`,
        [{ law: LCL, article: 82 }, { law: LCLR, article: 6 }, { law: LCLR, article: 7 }],
        [SPC2],
      );
    } else {
      throw new CalcInputError('startDate', '请填写用工日期，或填写未订立书面劳动合同的月数');
    }

    const extra = wage.times(extraMonths);
    if (extraMonths > 0)
      t.step('另行支付的工资', `每月在正常工资之外再支付一倍：${yuan(wage)} × ${extraMonths}个月 = ${yuan(extra)}`, [{ law: LCL, article: 82 }]);
    if (deemed)
      t.step(
        '视为订立无固定期限劳动合同',
        `用工满一年未订立书面劳动合同，视为自用工之日起满一年的当日${deemedFrom ? `（${deemedFrom}）` : ''}已与劳动者订立无固定期限劳动合同，应当立即补订书面劳动合同；二倍工资最多支付11个月。`,
        [{ law: LCL, article: 14 }, { law: LCLR, article: 7 }],
      );
    if (partDays > 0) estimate = true;
    if (partDays > 0)
      t.assume(`不足一个月的${partDays}天未计入；按司法解释，不足一个月的部分按该月实际工作日计算（法释〔2025〕12号第六条），请按该月工作日另行核算。`);
    t.assume('因不可抗力或者劳动者故意、重大过失未订立书面劳动合同的，用人单位不支付二倍工资（法释〔2025〕12号第七条）；本计算按用人单位原因未订立。');
    t.assume('二倍工资中另加的一倍工资的仲裁时效如何计算（劳动争议调解仲裁法第二十七条），裁审实践不一，未考虑时效。');

    const result: Result = { extraMonths, extraWage: fen(extra), deemedOpenEnded: deemed, partMonthDays: partDays };
    if (deemedFrom) result.deemedOpenEndedFrom = deemedFrom;
    // The fault and limitation caveats do not change the figure; a left-out part month or an assumed date does.
    return t.done(result, { estimate });
  },
});
