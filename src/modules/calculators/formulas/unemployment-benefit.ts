import { z } from 'zod';
import { CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, percent, yuan } from '../core/money.js';
import { ZMoney, ZMonths, ZRate } from '../core/inputs.js';

/** National cap of the benefit period, also for the carry-over of unused months (社会保险法 46; 失业保险条例 17). */
const MAX_MONTHS = 24;

/** 社会保险法 46 bands by cumulative contribution months: 满1年不足5年 12, 满5年不足10年 18, 10年以上 24 (“以上” includes 10, 民法典 1259). */
export function nationalMaxMonths(contributionMonths: number): number {
  if (contributionMonths >= 120) return 24;
  if (contributionMonths >= 60) return 18;
  if (contributionMonths >= 12) return 12;
  return 0;
}

/**
 * A provincial schedule: from `fromMonths` of contributions up to the next tier's `fromMonths`, each full
 * `unitMonths` of contributions gives `benefitMonths`. Guangdong (广东省失业保险条例 17):
 * `[{fromMonths: 0, unitMonths: 12, benefitMonths: 1}, {fromMonths: 48, unitMonths: 6, benefitMonths: 1}]`.
 */
const ZScheduleTier = z.object({
  fromMonths: ZMonths,
  unitMonths: z.number().int({ message: '应为整数（月）' }).min(1, { message: '应至少为1个月' }).max(120, { message: '月数过大' }),
  benefitMonths: z.number().int({ message: '应为整数（月）' }).min(0, { message: '月数不能为负数' }).max(24, { message: '月数过大' }),
});

const ZSchedule = z.object({
  /** Where the schedule comes from, shown in the steps (e.g. “《广东省失业保险条例》第十七条”). */
  source: z.string().min(1, { message: '请注明地方规定的名称和条款' }).max(200, { message: '过长' }),
  tiers: z
    .array(ZScheduleTier)
    .min(1, { message: '至少一档' })
    .max(20, { message: '档次过多' })
    .refine((ts) => ts[0]!.fromMonths === 0 && ts.every((t, i) => i === 0 || t.fromMonths > ts[i - 1]!.fromMonths), {
      message: '第一档应从0个月开始，各档起点应递增',
    }),
});

function scheduleMonths(tiers: z.output<typeof ZScheduleTier>[], contributionMonths: number): number {
  let months = 0;
  tiers.forEach((tier, i) => {
    const end = Math.min(contributionMonths, tiers[i + 1]?.fromMonths ?? Infinity);
    if (end > tier.fromMonths) months += Math.floor((end - tier.fromMonths) / tier.unitMonths) * tier.benefitMonths;
  });
  return months;
}

type Result = {
  eligible: boolean;
  maxMonths: number;
  /** Paid until the statutory retirement age (延迟退休办法 7). */
  untilRetirementAge: boolean;
  monthlyAmount?: number;
  ineligibleReason?: string;
};

const SIL = '社会保险法';
const UIR = '失业保险条例';

/**
 * Unemployment benefit (rules.md §4): eligibility (社会保险法 45), the maximum period by cumulative
 * contribution years (社会保险法 46; 失业保险条例 17), carry-over of unused months (≤ 24), the extension to
 * the statutory retirement age (延迟退休办法 7) and, when the province's figures are given, the monthly
 * amount (set by the province: 社会保险法 47; 失业保险条例 18).
 */
export const unemploymentBenefit = defineCalculator({
  name: 'unemployment-benefit',
  title: { zh: '失业保险金', en: 'Unemployment benefit' },
  topics: ['S034', 'S035', 'S036', 'S080', 'S081'],
  input: z.object({
    /** Cumulative months the employer and the worker paid unemployment contributions (since the last benefit, if any). */
    contributionMonths: ZMonths,
    /** The job loss was not of the worker's own will (非因本人意愿中断就业). */
    involuntary: z.boolean({ message: '应为是/否' }),
    /** Months of a previous entitlement not drawn (重新就业前应领而未领的期限). */
    unusedMonths: ZMonths.max(MAX_MONTHS, { message: '未领取期限最长24个月' }).default(0),
    /** Months from the start of the benefit (失业登记) to the statutory retirement month. */
    monthsToRetirement: ZMonths.optional(),
    /** Local monthly minimum wage (parameter). */
    minimumWage: ZMoney.optional(),
    /** Benefit as a share of the minimum wage, as the province fixes it (parameter, e.g. 0.9). */
    benefitRatio: ZRate.optional(),
    /** The province's schedule of benefit months, when it is shorter than the national maximum. */
    schedule: ZSchedule.optional(),
  }),
  parameters: { minimumWage: 'minimum_wage_monthly', benefitRatio: 'unemployment_benefit_ratio' },
  compute(input) {
    const t = new CalcTrace();
    const m = input.contributionMonths;
    const years = `${Math.floor(m / 12)}年${m % 12 ? `${m % 12}个月` : ''}`;

    if (!input.involuntary) {
      t.step(
        '领取条件：非因本人意愿中断就业',
        '失业保险金只发给非因本人意愿中断就业的失业人员；劳动者主动辞职的，不符合领取条件。',
        [{ law: SIL, article: 45 }, { law: UIR, article: 14 }],
      );
      t.assume('因用人单位过错、劳动者依劳动合同法第三十八条解除劳动合同的，一般视为非因本人意愿中断就业；具体范围以《失业保险金申领发放办法》和当地规定为准。');
      return t.done<Result>({ eligible: false, maxMonths: 0, untilRetirementAge: false, ineligibleReason: '主动辞职等本人意愿中断就业的，不能领取失业保险金' }, { estimate: false });
    }

    const band = nationalMaxMonths(m);
    if (band === 0 && input.unusedMonths === 0) {
      t.step(
        '领取条件：缴费满一年',
        `累计缴纳失业保险费${years}，不满一年，不符合领取失业保险金的条件。`,
        [{ law: SIL, article: 45 }, { law: UIR, article: 14 }],
      );
      return t.done<Result>({ eligible: false, maxMonths: 0, untilRetirementAge: false, ineligibleReason: '失业前用人单位和本人缴纳失业保险费不满一年' }, { estimate: false });
    }

    t.step(
      '领取条件',
      '失业前用人单位和本人已缴纳失业保险费满一年、非因本人意愿中断就业、已进行失业登记并有求职要求的，可以领取失业保险金。',
      [{ law: SIL, article: 45 }, { law: UIR, article: 14 }],
    );
    t.assume('按已办理失业登记并有求职要求计算；失业保险金领取期限自办理失业登记之日起计算（社会保险法第五十条）。');

    let months = band;
    if (band > 0) {
      t.step(
        '按累计缴费时间确定最长领取期限',
        `累计缴费${years}：满1年不足5年最长12个月，满5年不足10年最长18个月，10年以上（含10年）最长24个月 → 最长${band}个月。`,
        [{ law: SIL, article: 46 }, { law: UIR, article: 17 }],
        ['《民法典》第一千二百五十九条（“以上”包括本数，“不满”不包括本数）'],
      );
      if (input.schedule) {
        const local = scheduleMonths(input.schedule.tiers, m);
        months = Math.min(local, band);
        const tiers = input.schedule.tiers
          .map((tier, i) => {
            const next = input.schedule!.tiers[i + 1]?.fromMonths;
            return `缴费${tier.fromMonths}个月${next === undefined ? '以上' : `至${next}个月`}的部分，每满${tier.unitMonths}个月领取${tier.benefitMonths}个月`;
          })
          .join('；');
        t.step(
          '按本省规定的领取期限',
          `${tiers} → ${local}个月${local > band ? `，超过国家规定的最长期限，按${band}个月` : ''}。`,
          [{ law: SIL, article: 46 }],
          [input.schedule.source],
        );
      } else {
        t.assume('国家规定的是最长领取期限；各省可按缴费时间规定更细的领取期限（如广东省每满一年1个月、4年以上每满半年增加1个月），实际期限以当地经办机构核定为准。');
      }
    } else {
      months = input.unusedMonths;
      t.step(
        '本次缴费不满一年',
        `重新就业后累计缴费${years}，不满一年，本次不产生新的领取期限，可领取前次失业应领而未领的${input.unusedMonths}个月。`,
        [{ law: SIL, article: 46 }],
      );
      t.assume('重新就业后缴费不满一年再次失业的，可领取前次应领而未领的期限，这是多数地方的做法（如广东省失业保险条例第十五条），以当地规定为准。');
    }

    if (input.unusedMonths > 0 && band > 0) {
      const sum = months + input.unusedMonths;
      months = Math.min(sum, MAX_MONTHS);
      t.step(
        '与前次未领取的期限合并',
        `重新就业后再次失业，缴费时间重新计算：本次${sum - input.unusedMonths}个月 + 前次应领未领${input.unusedMonths}个月 = ${sum}个月${sum > MAX_MONTHS ? '，合并后最长不超过24个月 → 24个月' : ''}。`,
        [{ law: SIL, article: 46 }, { law: UIR, article: 17 }],
      );
    }

    let untilRetirementAge = false;
    const r = input.monthsToRetirement;
    if (r !== undefined && r < months + 12) {
      untilRetirementAge = true;
      const extended = Math.max(months, r);
      t.step(
        '临近法定退休年龄',
        `自领取之日起${r}个月后达到法定退休年龄，领取期间距法定退休年龄不足一年，失业保险金领取至法定退休年龄${
          r > months ? `（由${months}个月延长至${r}个月）` : ''
        }，其间由失业保险基金按规定缴纳养老保险费；开始享受基本养老保险待遇时停止领取。`,
        [{ law: '延迟退休办法', article: 7 }, { law: SIL, article: 51 }],
      );
      months = extended;
    }

    const result: Result = { eligible: true, maxMonths: months, untilRetirementAge };

    if (input.minimumWage !== undefined && input.benefitRatio !== undefined) {
      const amount = dec(input.minimumWage).times(input.benefitRatio);
      result.monthlyAmount = fen(amount);
      t.step(
        '每月失业保险金',
        `失业保险金标准由省、自治区、直辖市人民政府确定（低于当地最低工资标准、不低于城市居民最低生活保障标准）；按本地规定的最低工资标准${yuan(input.minimumWage)} × ${percent(input.benefitRatio)} = ${yuan(amount)}/月。`,
        [{ law: SIL, article: 47 }, { law: UIR, article: 18 }],
        ['人社部发〔2017〕71号《关于调整失业保险金标准的指导意见》：逐步提高至最低工资标准的90%'],
      );
    } else {
      t.step('每月失业保险金', '失业保险金标准由省、自治区、直辖市人民政府确定；未提供当地最低工资标准和发放比例，未计算月发放金额。', [
        { law: SIL, article: 47 },
        { law: UIR, article: 18 },
      ]);
    }
    t.step('领取期间的医疗保险', '领取失业保险金期间参加职工基本医疗保险，应缴的基本医疗保险费从失业保险基金中支付，个人不缴纳。', [{ law: SIL, article: 48 }]);

    // A maximum without the province's schedule, or a carry-over by local practice, is an estimate.
    return t.done(result, { estimate: !input.schedule || band === 0 });
  },
});
