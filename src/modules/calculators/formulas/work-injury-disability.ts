import { z } from 'zod';
import { CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, percent, yuan, type Dec } from '../core/money.js';
import { ZMoney, ZPositiveMoney } from '../core/inputs.js';

const WIR = '工伤保险条例';

/**
 * 本人工资 (工伤保险条例 64): the average monthly contribution wage of the 12 months before the injury,
 * not below 60% and not above 300% of the 统筹地区 average monthly wage. Shared with the death benefits.
 */
export function workInjuryWageBase(t: CalcTrace, ownWage: number, localAverageWage: number): Dec {
  const own = dec(ownWage);
  const avg = dec(localAverageWage);
  const floor = avg.times('0.6');
  const ceiling = avg.times(3);
  const base = own.lt(floor) ? floor : own.gt(ceiling) ? ceiling : own;
  const how = own.lt(floor)
    ? `低于统筹地区职工月平均工资${yuan(avg)}的60%（${yuan(floor)}），按${yuan(floor)}计算`
    : own.gt(ceiling)
      ? `高于统筹地区职工月平均工资${yuan(avg)}的300%（${yuan(ceiling)}），按${yuan(ceiling)}计算`
      : `在统筹地区职工月平均工资${yuan(avg)}的60%至300%（${yuan(floor)}–${yuan(ceiling)}）之间，按实际计算`;
  t.step('确定本人工资', `本人工资（受伤前12个月平均月缴费工资）${yuan(own)}，${how}：本人工资 = ${yuan(base)}`, [{ law: WIR, article: 64 }]);
  return base;
}

/** Months of 本人工资 for the one-off disability subsidy, grades 1–10 (工伤保险条例 35–37). */
const SUBSIDY_MONTHS = [27, 25, 23, 21, 18, 16, 13, 11, 9, 7] as const;
/** Monthly disability allowance as a share of 本人工资, grades 1–6 (工伤保险条例 35, 36). */
const ALLOWANCE_RATE = ['0.9', '0.85', '0.8', '0.75', '0.7', '0.6'] as const;

type Result = {
  wageBase: number;
  oneOffSubsidy: number;
  monthlyAllowance: number;
  allowancePayer: 'fund' | 'employer' | 'none';
  toppedUpToMinimumWage: boolean;
};

/**
 * Work-injury disability benefits (rules.md §5.3): the one-off disability subsidy for grades 1–10 and
 * the monthly disability allowance — from the fund for grades 1–4, from the employer for grades 5–6
 * when it cannot arrange suitable work, none for grades 7–10 — on the clamped 本人工资.
 */
export const workInjuryDisability = defineCalculator({
  name: 'work-injury-disability',
  title: { zh: '工伤伤残待遇', en: 'Work-injury disability benefits' },
  topics: ['S071', 'S072', 'S073'],
  input: z.object({
    grade: z
      .number({ message: '应为伤残等级1–10' })
      .int({ message: '伤残等级应为整数' })
      .min(1, { message: '伤残等级为一级至十级' })
      .max(10, { message: '伤残等级为一级至十级' }),
    /** Average monthly contribution wage of the 12 months before the injury. */
    ownWage: ZMoney,
    /** 统筹地区上年度职工月平均工资 (parameter). */
    localAverageWage: ZPositiveMoney,
    /** Local monthly minimum wage (parameter), for the top-up of the allowance. */
    minimumWage: ZMoney.optional(),
  }),
  parameters: { localAverageWage: 'local_average_monthly_wage', minimumWage: 'minimum_wage_monthly' },
  compute(input) {
    const t = new CalcTrace();
    const g = input.grade;
    const base = workInjuryWageBase(t, input.ownWage, input.localAverageWage);

    const months = SUBSIDY_MONTHS[g - 1]!;
    const article = g <= 4 ? 35 : g <= 6 ? 36 : 37;
    const subsidy = base.times(months);
    t.step('一次性伤残补助金（工伤保险基金支付）', `${g}级伤残：${months}个月 × 本人工资${yuan(base)} = ${yuan(subsidy)}`, [{ law: WIR, article }]);

    let allowance = dec(0);
    let payer: Result['allowancePayer'] = 'none';
    let toppedUp = false;
    if (g <= 6) {
      const rate = ALLOWANCE_RATE[g - 1]!;
      allowance = base.times(rate);
      payer = g <= 4 ? 'fund' : 'employer';
      t.step(
        g <= 4 ? '伤残津贴（工伤保险基金按月支付）' : '伤残津贴（用人单位难以安排工作时按月发给）',
        `${g}级伤残：本人工资${yuan(base)} × ${percent(rate)} = ${yuan(allowance)}/月${
          g <= 4
            ? '；保留劳动关系，退出工作岗位；达到退休年龄办理退休后停发，基本养老保险待遇低于伤残津贴的由工伤保险基金补足差额'
            : '；保留劳动关系，由用人单位安排适当工作，安排了工作的按工资发放，不发伤残津贴；用人单位按规定为其缴纳各项社会保险费'
        }`,
        [{ law: WIR, article }],
      );
      if (input.minimumWage !== undefined) {
        const min = dec(input.minimumWage);
        if (allowance.lt(min)) {
          t.step(
            '补足至当地最低工资标准',
            `伤残津贴${yuan(allowance)}低于当地最低工资标准${yuan(min)}，由${g <= 4 ? '工伤保险基金' : '用人单位'}补足差额${yuan(min.minus(allowance))}，按${yuan(min)}/月发放`,
            [{ law: WIR, article }],
          );
          allowance = min;
          toppedUp = true;
        } else {
          t.step('与当地最低工资标准比较', `伤残津贴${yuan(allowance)}不低于当地最低工资标准${yuan(min)}，无需补足`, [{ law: WIR, article }]);
        }
      } else {
        t.assume('未提供当地最低工资标准：伤残津贴低于最低工资标准的，应补足差额（工伤保险条例第三十五条、第三十六条）。');
      }
      if (g >= 5)
        t.step(
          '解除或终止劳动关系时',
          '经工伤职工本人提出，可以与用人单位解除或者终止劳动关系，由工伤保险基金支付一次性工伤医疗补助金、用人单位支付一次性伤残就业补助金，具体标准由省、自治区、直辖市人民政府规定（未计算）。',
          [{ law: WIR, article: 36 }],
        );
    } else {
      t.step(
        '伤残津贴和一次性补助金',
        '七级至十级伤残不发伤残津贴。劳动、聘用合同期满终止或职工本人提出解除的，由工伤保险基金支付一次性工伤医疗补助金、用人单位支付一次性伤残就业补助金，具体标准由省、自治区、直辖市人民政府规定（未计算）。',
        [{ law: WIR, article: 37 }],
      );
    }

    return t.done<Result>(
      { wageBase: fen(base), oneOffSubsidy: fen(subsidy), monthlyAllowance: fen(allowance), allowancePayer: payer, toppedUpToMinimumWage: toppedUp },
      // An estimate only when the minimum-wage top-up could not be checked.
      { estimate: t.assumptions.length > 0 },
    );
  },
});
