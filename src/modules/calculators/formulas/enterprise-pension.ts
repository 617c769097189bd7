import { z } from 'zod';
import { CalcInputError, CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, figure, yuan } from '../core/money.js';
import { ZMoney, ZMonths, ZPositiveMoney } from '../core/inputs.js';
import { formatAgeMonths, formatYearsMonths, minContributionMonthsFor } from './retirement-age.js';

/**
 * 个人账户养老金计发月数表 (annex of 国发〔2005〕38号), ages 40–70: rules.md §2.2 [S] — five independent
 * sources agree, two of them cite official Shanghai / Chongqing PDFs. Beware of the wrong copies
 * (47→207, 66→94 …) circulating in public calculators.
 */
export const PAYOUT_MONTHS: Readonly<Record<number, number>> = {
  40: 233, 41: 230, 42: 226, 43: 223, 44: 220, 45: 216, 46: 212, 47: 208, 48: 204, 49: 199,
  50: 195, 51: 190, 52: 185, 53: 180, 54: 175, 55: 170, 56: 164, 57: 158, 58: 152, 59: 145,
  60: 139, 61: 132, 62: 125, 63: 117, 64: 109, 65: 101, 66: 93, 67: 84, 68: 75, 69: 65, 70: 56,
};

export const MIN_TABLE_AGE = 40;
export const MAX_TABLE_AGE = 70;

export type AgeRounding = 'completed_years' | 'nearest_year';

/**
 * 计发月数 for a retirement age in months. The table has whole ages only; for an age with months (60y8m
 * after the delay) the rule is not published (rules.md §2.2 [U]), so it is a parameter: completed years
 * (floor, the common practice and the default) or nearest year (6 months and more round up).
 */
export function payoutMonthsFor(ageMonths: number, rounding: AgeRounding = 'completed_years'): { age: number; months: number } | undefined {
  const age = rounding === 'nearest_year' ? Math.floor((ageMonths + 6) / 12) : Math.floor(ageMonths / 12);
  const months = PAYOUT_MONTHS[age];
  return months === undefined ? undefined : { age, months };
}

const GF2005_URL = 'https://www.gov.cn/gongbao/content/2006/content_169950.htm';
const DIV_URL = 'https://rsj.sh.gov.cn/cmsres/e1/e19b75f5a1194a84ad4804905de19713/bf4ed6480e155a32233f8954372ec151.pdf';

/**
 * Enterprise employees' basic pension (rules.md §2.1, 国发〔2005〕38号 六; 社会保险法 15):
 * basic = C × (1 + I) ÷ 2 × N × 1%; account = B ÷ D(age). Transitional pension (过渡性养老金) of the
 * “中人” is a provincial formula and is not included (rules.md §9.7).
 *
 * The retirement age is given either as whole years (`retirementAge`) or, after the gradual delay, in
 * months (`retirementAgeMonths`, e.g. 728 = 60y8m) — exactly one of the two. `retirementYear` (the year
 * the statutory age is reached) fixes the minimum contribution years (rules.md §1.4); without it
 * `eligible` is decided only where the answer does not depend on the year (< 15 years: no; ≥ 20: yes),
 * otherwise it is null.
 */
export const enterprisePension = defineCalculator({
  name: 'enterprise-pension',
  title: { zh: '企业职工基本养老金估算', en: "Enterprise employees' basic pension (estimate)" },
  topics: ['S019', 'S024', 'S054'],
  input: z.object({
    /** C: 基本养老金计发基数 (the province's published figure, 元/月). */
    pensionBase: ZPositiveMoney,
    /** I: 本人平均缴费工资指数, normally 0.6–3 (bases are clamped to 60%–300%). */
    averageIndex: z
      .number({ message: '平均缴费工资指数应为数字（如1.0）' })
      .finite()
      .gt(0, { message: '平均缴费工资指数应大于0' })
      .max(3, { message: '平均缴费工资指数不超过3（缴费基数上限为平均工资的300%）' }),
    /** N in months, including 视同缴费年限. */
    contributionMonths: ZMonths,
    /** B: 个人账户储存额 at retirement. */
    accountBalance: ZMoney,
    retirementAge: z
      .number({ message: '退休年龄应为整数（周岁）' })
      .int({ message: '退休年龄应为整数（周岁）' })
      .min(MIN_TABLE_AGE, { message: '计发月数表适用于40–70周岁' })
      .max(MAX_TABLE_AGE, { message: '计发月数表适用于40–70周岁' })
      .optional(),
    retirementAgeMonths: z
      .number({ message: '退休年龄应为整数（月，如60岁8个月为728）' })
      .int({ message: '退休年龄应为整数（月，如60岁8个月为728）' })
      .min(MIN_TABLE_AGE * 12, { message: '计发月数表适用于40–70周岁' })
      .max(MAX_TABLE_AGE * 12 + 11, { message: '计发月数表适用于40–70周岁' })
      .optional(),
    ageRounding: z.enum(['completed_years', 'nearest_year'], { message: '取整方式应为 completed_years（按已满周岁）或 nearest_year（四舍五入到整岁）' }).default('completed_years'),
    /** The calendar year in which the statutory retirement age is reached. */
    retirementYear: z
      .number({ message: '退休年份应为整数' })
      .int({ message: '退休年份应为整数' })
      .min(1990, { message: '退休年份应在1990–2100之间' })
      .max(2100, { message: '退休年份应在1990–2100之间' })
      .optional(),
  }),
  parameters: { pensionBase: 'pension_base' },
  compute(input) {
    // One of the two age fields, not both (a cross-field rule; CalcInputError names the field).
    if (input.retirementAge === undefined && input.retirementAgeMonths === undefined) {
      throw new CalcInputError('retirementAge', '请填写退休年龄：retirementAge（周岁）或 retirementAgeMonths（月）');
    }
    if (input.retirementAge !== undefined && input.retirementAgeMonths !== undefined) {
      throw new CalcInputError('retirementAgeMonths', 'retirementAge 与 retirementAgeMonths 只填一个');
    }
    const ageMonths = input.retirementAgeMonths ?? input.retirementAge! * 12;
    const rounding: AgeRounding = input.ageRounding;
    const payout = payoutMonthsFor(ageMonths, rounding);
    if (!payout) throw new CalcInputError('retirementAgeMonths', `退休年龄${formatAgeMonths(ageMonths)}取整后超出计发月数表（40–70周岁）`);

    const t = new CalcTrace();
    const C = dec(input.pensionBase);
    const I = dec(input.averageIndex);
    const years = dec(input.contributionMonths).div(12);
    const B = dec(input.accountBalance);

    const basic = C.times(I.plus(1)).div(2).times(years).div(100);
    t.step(
      '基础养老金',
      `计发基数 ${yuan(C)} ×（1 + 平均缴费工资指数 ${figure(I)}）÷ 2 × 缴费年限 ${figure(years)}年（${formatYearsMonths(input.contributionMonths)}，含视同缴费年限）× 1% = ${yuan(basic)}`,
      [
        { law: '国发〔2005〕38号', article: 6 },
        { law: '社会保险法', article: 15 },
      ],
      ['rules.md §2.1 [P]（计发公式）；计发基数用各省公布的基本养老金计发基数 [S]', GF2005_URL],
    );

    const fractional = ageMonths % 12 !== 0;
    const account = B.div(payout.months);
    t.step(
      '计发月数',
      `退休年龄${formatAgeMonths(ageMonths)}` +
        (fractional ? `，计发月数表只列整岁，按${rounding === 'completed_years' ? '已满周岁' : '四舍五入到整岁'}取${payout.age}岁` : '') +
        `，计发月数为${payout.months}个月。`,
      [{ law: '国发〔2005〕38号', article: 6 }],
      ['rules.md §2.2 [S]（个人账户养老金计发月数表）' + (fractional ? '；带月份退休年龄的取值 [U]' : ''), DIV_URL],
    );
    t.step(
      '个人账户养老金',
      `个人账户储存额 ${yuan(B)} ÷ 计发月数 ${payout.months} = ${yuan(account)}`,
      [{ law: '国发〔2005〕38号', article: 6 }],
      ['rules.md §2.1 [P]'],
    );

    const total = basic.plus(account);
    t.step('合计', `基础养老金 ${yuan(basic)} + 个人账户养老金 ${yuan(account)} = ${yuan(total)}（不含过渡性养老金和地方调节金）`, [], []);

    // Eligibility: the minimum years depend on the year the statutory age is reached (rules.md §1.4).
    let eligible: boolean | null;
    let minMonths: number | undefined;
    if (input.retirementYear !== undefined) {
      minMonths = minContributionMonthsFor(input.retirementYear);
      eligible = input.contributionMonths >= minMonths;
    } else {
      eligible = input.contributionMonths < 180 ? false : input.contributionMonths >= 240 ? true : null;
    }
    const short = minMonths !== undefined ? Math.max(0, minMonths - input.contributionMonths) : input.contributionMonths < 180 ? 180 - input.contributionMonths : undefined;
    const routes = '可以延长缴费或者一次性缴费至最低缴费年限后按月领取（延迟退休办法第二条），也可以转入城乡居民基本养老保险（社会保险法第十六条）；均不办理的，个人账户储存额一次性支付给本人（国发〔2005〕38号 六）。';
    if (eligible === true) {
      t.step(
        '领取条件',
        minMonths !== undefined
          ? `${input.retirementYear}年达到法定退休年龄，最低缴费年限${formatYearsMonths(minMonths)}；已缴费${formatYearsMonths(input.contributionMonths)}，可以按月领取基本养老金。`
          : `已缴费${formatYearsMonths(input.contributionMonths)}，达到20年，无论哪一年退休都满足最低缴费年限。`,
        [
          { law: '延迟退休办法', article: 2 },
          { law: '社会保险法', article: 16 },
        ],
        ['rules.md §1.4'],
      );
    } else if (eligible === false) {
      t.step(
        '领取条件',
        (minMonths !== undefined ? `${input.retirementYear}年达到法定退休年龄，最低缴费年限${formatYearsMonths(minMonths)}` : '最低缴费年限至少15年') +
          `；已缴费${formatYearsMonths(input.contributionMonths)}，还差${formatYearsMonths(short!)}，暂不能按月领取基本养老金，上面的金额仅为补足年限前按现有年限的测算。` +
          routes,
        [
          { law: '延迟退休办法', article: 2 },
          { law: '社会保险法', article: 16 },
          { law: '国发〔2005〕38号', article: 6 },
        ],
        ['rules.md §1.4', 'rules.md §2.1'],
      );
    } else {
      t.step(
        '领取条件',
        `已缴费${formatYearsMonths(input.contributionMonths)}：2029年及以前退休满足15年的要求；自2030年起最低缴费年限每年提高6个月，2039年起为20年。请提供达到法定退休年龄的年份以判断。`,
        [{ law: '延迟退休办法', article: 2 }],
        ['rules.md §1.4'],
      );
      t.assume('未提供达到法定退休年龄的年份，无法确定适用的最低缴费年限（2030年起逐年提高），是否可以按月领取未作判断。');
    }

    t.assume('未计算过渡性养老金：1997年统一制度实施前参加工作、有视同缴费年限的“中人”另发过渡性养老金，其计算办法由各省规定（国发〔2005〕38号 六；rules.md §9.7），地方调节金也未计入。');
    t.assume('计发基数应使用本省当年公布的“基本养老金计发基数”；平均缴费工资指数、缴费年限和个人账户储存额以社会保险经办机构的记录为准。结果为估算，以经办机构核定为准。');
    t.assume('缴费年限按月折算为年（月数 ÷ 12）计入基础养老金；文件表述为“缴费每满1年发给1%”，不满一年的月份如何计算以当地规定为准。');
    if (fractional) {
      t.assume(`退休年龄带月份时计发月数的取值国家未见统一公开规定，本次按${rounding === 'completed_years' ? '已满周岁（多数地方的做法）' : '四舍五入到整岁'}取值，可通过 ageRounding 参数切换（rules.md §2.2 [U]）。`);
    }
    if (input.retirementYear !== undefined) {
      t.assume('最低缴费年限按达到法定退休年龄的年份确定；弹性提前或延迟退休适用哪一年的年限以《实施弹性退休制度暂行办法》和当地经办机构为准（rules.md §1.3 [U]）。');
    }
    t.assume('延迟退休办法第四条提出基础养老金计发比例与累计缴费年限挂钩、计发基数与个人实际缴费挂钩，今后计发办法可能调整；本计算按现行国发〔2005〕38号办法。');

    return t.done(
      {
        basicPension: fen(basic),
        accountPension: fen(account),
        total: fen(total),
        payMonths: payout.months,
        /** The whole age the 计发月数 table was read at. */
        payAge: payout.age,
        /** null: the retirement year is needed to decide (between 15 and 20 years of contributions). */
        eligible,
        ...(minMonths !== undefined ? { minContributionMonths: minMonths } : {}),
        ...(short !== undefined ? { shortMonths: short } : {}),
      },
      { estimate: true },
    );
  },
});
