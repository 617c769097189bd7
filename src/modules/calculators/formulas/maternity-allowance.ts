import { z } from 'zod';
import { CalcInputError, CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, yuan } from '../core/money.js';
import { ZDays, ZPositiveMoney } from '../core/inputs.js';

const WOMEN = '女职工劳动保护特别规定';

/** 女职工劳动保护特别规定 7: maternity leave in days. */
const LEAVE = {
  birth: 98,
  difficultExtra: 15,
  perExtraBaby: 15,
  miscarriageBefore4Months: 15,
  miscarriageFrom4Months: 42,
} as const;
/** Day rate divisor used by most provinces (rules.md §8 [U]: some use 30.4 or other divisors). */
const DAYS_PER_MONTH = 30;

/**
 * Maternity allowance (生育津贴, rules.md §8): the employer's previous-year average monthly wage of its
 * staff ÷ 30 × the leave days (社会保险法 56; 女职工劳动保护特别规定 8). The leave days are given, or worked
 * out from the birth (女职工劳动保护特别规定 7) plus the province's extra leave.
 */
export const maternityAllowance = defineCalculator({
  name: 'maternity-allowance',
  title: { zh: '生育津贴', en: 'Maternity allowance' },
  topics: ['S089'],
  input: z.object({
    /** 用人单位上年度职工月平均工资. */
    employerAverageWage: ZPositiveMoney,
    /** The leave days, when known (then the birth facts are not needed). */
    leaveDays: ZDays.max(1000, { message: '天数过大' }).optional(),
    birth: z.enum(['normal', 'difficult', 'miscarriage'], { message: '应为 normal（顺产）、difficult（难产）或 miscarriage（流产）' }).optional(),
    /** Babies born (多胞胎), 1 by default. */
    babies: z.number({ message: '应为整数' }).int({ message: '应为整数' }).min(1, { message: '至少1个' }).max(9, { message: '人数过多' }).optional(),
    /** Completed months of pregnancy at a miscarriage (怀孕未满4个月 / 满4个月). */
    miscarriageMonths: z.number({ message: '应为数字（月）' }).min(0, { message: '月数不能为负数' }).max(10, { message: '月数过大' }).optional(),
    /** The province's extra maternity leave (parameter). */
    extraLeaveDays: ZDays.max(365, { message: '天数过大' }).optional(),
  }),
  parameters: { extraLeaveDays: 'maternity_extra_leave_days' },
  compute(input) {
    const t = new CalcTrace();
    let days: number;
    if (input.leaveDays !== undefined) {
      if (input.birth !== undefined) throw new CalcInputError('leaveDays', '产假天数和生育情况只需填写一项');
      days = input.leaveDays;
      t.step('产假天数', `按输入的产假天数${days}天计算（含国家规定的产假和本省延长的产假）`, [{ law: WOMEN, article: 7 }, { law: '两险合并实施意见', article: 2 }]);
    } else if (input.birth === 'miscarriage') {
      if (input.miscarriageMonths === undefined) throw new CalcInputError('miscarriageMonths', '流产的，请填写怀孕月数');
      if (input.babies !== undefined) throw new CalcInputError('babies', '流产的不填写婴儿数');
      const late = input.miscarriageMonths >= 4;
      days = late ? LEAVE.miscarriageFrom4Months : LEAVE.miscarriageBefore4Months;
      t.step('产假天数', `怀孕${late ? '满' : '未满'}4个月流产，享受${days}天产假`, [{ law: WOMEN, article: 7 }]);
      if (input.extraLeaveDays) {
        t.step('本省延长产假', `本省延长的${input.extraLeaveDays}天产假一般只适用于生育子女，流产未计入`, [{ law: WOMEN, article: 7 }]);
        t.assume('流产是否也享受本省延长的产假，以本省人口与计划生育条例的规定为准。');
      }
    } else if (input.birth !== undefined) {
      if (input.miscarriageMonths !== undefined) throw new CalcInputError('miscarriageMonths', '只有流产时填写怀孕月数');
      const babies = input.babies ?? 1;
      const difficult = input.birth === 'difficult' ? LEAVE.difficultExtra : 0;
      const multiple = (babies - 1) * LEAVE.perExtraBaby;
      const national = LEAVE.birth + difficult + multiple;
      const parts = [`生育${LEAVE.birth}天（其中产前可以休假15天）`];
      if (difficult) parts.push(`难产增加${difficult}天`);
      if (multiple) parts.push(`多胞胎每多生育1个婴儿增加15天，${babies}胞胎增加${multiple}天`);
      t.step('国家规定的产假', `${parts.join('；')}：共${national}天`, [{ law: WOMEN, article: 7 }]);
      days = national;
      if (input.extraLeaveDays !== undefined) {
        days += input.extraLeaveDays;
        t.step('本省延长产假', `本省规定延长产假${input.extraLeaveDays}天：${national} + ${input.extraLeaveDays} = ${days}天；生育津贴支付期限按产假期限执行`, [
          { law: '两险合并实施意见', article: 2 },
        ]);
        t.assume('本省延长产假天数按输入（或本中心维护的参数）计算，以本省人口与计划生育条例的规定为准。');
      } else {
        t.assume('未计入本省延长的产假；多数省份另有延长产假（如延长60天），生育津贴的支付期限一般包括延长的产假，以本省规定为准。');
      }
    } else {
      throw new CalcInputError('birth', '请填写产假天数，或填写生育情况（顺产、难产或流产）');
    }

    const avg = dec(input.employerAverageWage);
    const daily = avg.div(DAYS_PER_MONTH);
    const allowance = avg.times(days).div(DAYS_PER_MONTH);
    t.step(
      '生育津贴',
      `按用人单位上年度职工月平均工资计发：日津贴 = ${yuan(avg)} ÷ ${DAYS_PER_MONTH} = ${yuan(daily)}；生育津贴 = ${yuan(avg)} ÷ ${DAYS_PER_MONTH} × ${days}天 = ${yuan(allowance)}`,
      [{ law: '社会保险法', article: 56 }, { law: WOMEN, article: 8 }],
    );
    t.step('未参加生育保险的', '用人单位未参加生育保险（现与职工基本医疗保险合并实施）的，由用人单位按女职工产假前工资的标准支付。', [{ law: WOMEN, article: 8 }, { law: '两险合并实施意见', article: 2 }]);
    t.assume('日津贴按月平均工资除以30天计算，这是多数地方的做法，有的地方按30.4天或其他天数折算，以当地规定为准。');
    t.assume('生育津贴低于本人工资时用人单位是否补足差额，按当地规定执行。');
    return t.done({ leaveDays: days, allowance: fen(allowance), dailyAllowance: fen(daily) });
  },
});
