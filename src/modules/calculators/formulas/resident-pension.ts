import { z } from 'zod';
import { CalcInputError, CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, yuan } from '../core/money.js';
import { ZMoney } from '../core/inputs.js';

/** 个人账户养老金的月计发标准“目前为个人账户全部储存额除以139”, whatever the age (城乡居民养老保险意见 六(二)). */
const RESIDENT_DIVISOR = 139;
/** 年满60周岁、累计缴费满15年 (城乡居民养老保险意见 七). */
const PENSION_AGE = 60;
const MIN_YEARS = 15;

/** 政府补贴: ≥ 30 yuan a year for the lowest tier, ≥ 60 for tiers of 500 and more (城乡居民养老保险意见 四(三)). */
const MIN_SUBSIDY_LOWEST_TIER = 30;
const HIGH_TIER_FROM = 500;
const MIN_SUBSIDY_HIGH_TIER = 60;

export type ResidentTier = { contribution: number; subsidy: number };

/**
 * Checks a region's tier → subsidy table (yuan a year) against the national floors of rules.md §3
 * (城乡居民养老保险意见 四(三)): the lowest tier's subsidy ≥ 30; every tier of 500 or more ≥ 60; and,
 * as rules.md reads “对选择较高档次标准缴费的，适当增加补贴金额”, a subsidy that does not fall as the tier
 * rises. Returns the problems in Chinese, empty when the table is acceptable. (The top tier's ceiling —
 * the local flexible worker's annual employee-scheme contribution — needs a local figure and is not
 * checked here.)
 */
export function validateResidentTierTable(tiers: readonly ResidentTier[]): string[] {
  const problems: string[] = [];
  if (tiers.length === 0) return ['缴费档次表为空'];
  for (const [i, t] of tiers.entries()) {
    if (!Number.isFinite(t.contribution) || t.contribution <= 0) problems.push(`第${i + 1}行：缴费档次应为大于0的金额（${t.contribution}）`);
    if (!Number.isFinite(t.subsidy) || t.subsidy < 0) problems.push(`第${i + 1}行：补贴标准不能为负数（${t.subsidy}）`);
  }
  if (problems.length) return problems;
  const sorted = [...tiers].sort((a, b) => a.contribution - b.contribution);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.contribution === sorted[i - 1]!.contribution) problems.push(`缴费档次${sorted[i]!.contribution}元重复`);
  }
  const lowest = sorted[0]!;
  if (lowest.subsidy < MIN_SUBSIDY_LOWEST_TIER) {
    problems.push(`最低缴费档次${lowest.contribution}元的补贴${lowest.subsidy}元低于国家规定的每人每年${MIN_SUBSIDY_LOWEST_TIER}元（国发〔2014〕8号 四(三)）`);
  }
  for (const t of sorted) {
    if (t.contribution >= HIGH_TIER_FROM && t.subsidy < MIN_SUBSIDY_HIGH_TIER) {
      problems.push(`缴费档次${t.contribution}元的补贴${t.subsidy}元低于国家规定的500元及以上档次每人每年${MIN_SUBSIDY_HIGH_TIER}元（国发〔2014〕8号 四(三)）`);
    }
  }
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.contribution > prev.contribution && cur.subsidy < prev.subsidy) {
      problems.push(`缴费档次${cur.contribution}元的补贴${cur.subsidy}元低于较低档次${prev.contribution}元的补贴${prev.subsidy}元（较高档次应适当增加补贴）`);
    }
  }
  return problems;
}

/**
 * Demo data: Changsha's residents' pension tiers and government subsidies (yuan a year) as the
 * Changsha 12333 FAQ stated them in March 2017 — shared/seeds/001_47b1b9a0f8db3381.txt (questions 4
 * and 5: 14 tiers from 100 to 3,000; 100 → 30, +10 a tier, 3,000 → 160; subsidies are not paid on
 * back-payments). 2017 figures, not current ones (rules.md §3, §9.4): a region's real table must come
 * from the official Changsha/Hunan notice, entered as data.
 */
export const CHANGSHA_2017_TIERS: readonly ResidentTier[] = [
  { contribution: 100, subsidy: 30 },
  { contribution: 200, subsidy: 40 },
  { contribution: 300, subsidy: 50 },
  { contribution: 400, subsidy: 60 },
  { contribution: 500, subsidy: 70 },
  { contribution: 600, subsidy: 80 },
  { contribution: 700, subsidy: 90 },
  { contribution: 800, subsidy: 100 },
  { contribution: 900, subsidy: 110 },
  { contribution: 1000, subsidy: 120 },
  { contribution: 1500, subsidy: 130 },
  { contribution: 2000, subsidy: 140 },
  { contribution: 2500, subsidy: 150 },
  { contribution: 3000, subsidy: 160 },
];

const GF2014_URL = 'https://www.gov.cn/gongbao/content/2014/content_2629931.htm';

/**
 * Urban and rural residents' basic pension (rules.md §3; 城乡居民养老保险意见 六、七):
 * monthly = basic pension (central minimum + local top-ups, an input) + account balance ÷ 139.
 *
 * Eligibility: 60 years of age, 15 years of contributions, no other state basic pension. The
 * transitional rule of 七 ¶2 is keyed on the age at the start of the former 新农保 / 城居保 scheme in the
 * region (not the 2014 merger; Changsha's was 2010-07-01, seed 001): already 60 → basic pension
 * without contributions; fewer than 15 years to go → pay every year until 60 (back-payment allowed,
 * at most 15 years in all). Pass `ageAtSchemeStart` to apply it.
 */
export const residentPension = defineCalculator({
  name: 'resident-pension',
  title: { zh: '城乡居民基本养老金', en: "Urban and rural residents' basic pension" },
  topics: ['S046', 'S048', 'S056', 'S058', 'C10', 'C11'],
  input: z.object({
    age: z
      .number({ message: '年龄应为整数（周岁）' })
      .int({ message: '年龄应为整数（周岁）' })
      .min(16, { message: '年满16周岁才能参加城乡居民养老保险' })
      .max(130, { message: '年龄过大' }),
    contributionYears: z.number({ message: '缴费年限应为整数（年）' }).int({ message: '缴费年限应为整数（年）' }).min(0, { message: '缴费年限不能为负数' }).max(100, { message: '缴费年限过大' }),
    accountBalance: ZMoney,
    /** Monthly basic pension, central minimum + local top-ups and long-contribution extras (元/月). */
    basicPension: ZMoney,
    /** Age (周岁) when 新农保 / 城居保 started locally; only for the transitional rule of 七 ¶2. */
    ageAtSchemeStart: z.number({ message: '年龄应为整数（周岁）' }).int({ message: '年龄应为整数（周岁）' }).min(0, { message: '年龄不能为负数' }).max(130, { message: '年龄过大' }).optional(),
    /** Already drawing another state basic pension (e.g. the employee scheme's). */
    receivingOtherPension: z.boolean({ message: '应为 true 或 false' }).default(false),
    /** The tier chosen (yuan a year), to read the government subsidy from the region's table. */
    annualContribution: ZMoney.optional(),
    /** The region's tier → subsidy table (yuan a year), as the local notice publishes it. */
    tiers: z
      .array(z.object({ contribution: ZMoney, subsidy: ZMoney }))
      .max(50, { message: '档次过多' })
      .optional(),
  }),
  parameters: { basicPension: 'resident_basic_pension' },
  compute(input) {
    if (input.ageAtSchemeStart !== undefined && input.ageAtSchemeStart > input.age) {
      throw new CalcInputError('ageAtSchemeStart', '制度实施时的年龄不能大于现在的年龄');
    }
    const t = new CalcTrace();
    const balance = dec(input.accountBalance);
    const basic = dec(input.basicPension);
    const account = balance.div(RESIDENT_DIVISOR);
    const total = basic.plus(account);

    // Required years: 15, or under 七 ¶2 none (already 60) / every year until 60 (< 15 years to go).
    const start = input.ageAtSchemeStart;
    const requiredYears = start === undefined ? MIN_YEARS : start >= PENSION_AGE ? 0 : Math.min(MIN_YEARS, PENSION_AGE - start);
    const shortYears = Math.max(0, requiredYears - input.contributionYears);
    const oldEnough = input.age >= PENSION_AGE;
    const eligible = oldEnough && shortYears === 0 && !input.receivingOtherPension;

    let condition = `领取条件：年满${PENSION_AGE}周岁、累计缴费满${MIN_YEARS}年，且未领取国家规定的基本养老保障待遇。`;
    if (start !== undefined && start >= PENSION_AGE) {
      condition += `制度实施时已年满60周岁（${start}周岁），不用缴费，可按月领取基础养老金。`;
    } else if (start !== undefined && requiredYears < MIN_YEARS) {
      condition += `制度实施时${start}周岁，距领取年龄不足15年，应逐年缴费（可以补缴，累计不超过15年），按年缴至60周岁即${requiredYears}年。`;
    }
    const status: string[] = [];
    if (!oldEnough) status.push(`现年${input.age}周岁，未满${PENSION_AGE}周岁`);
    if (shortYears > 0) status.push(`已缴费${input.contributionYears}年，还差${shortYears}年（可以按规定补缴，补缴后累计缴费不超过15年）`);
    if (input.receivingOtherPension) status.push('已领取其他基本养老保障待遇，不能重复领取');
    t.step(
      '领取条件',
      condition + (eligible ? `现年${input.age}周岁，已缴费${input.contributionYears}年，符合按月领取条件。` : `${status.join('；')}，暂不符合按月领取条件；下面的金额是符合条件后按当前账户余额的测算。`),
      [{ law: '城乡居民养老保险意见', article: 7 }],
      ['rules.md §3 [P]', GF2014_URL],
    );
    t.step(
      '个人账户养老金',
      `个人账户储存额 ${yuan(balance)} ÷ 139 = ${yuan(account)}（计发系数139与年龄无关）`,
      [{ law: '城乡居民养老保险意见', article: 6 }],
      ['rules.md §3 [P]', GF2014_URL],
    );
    t.step(
      '基础养老金',
      `基础养老金 ${yuan(basic)}/月（中央确定的最低标准加地方提高和长期缴费加发部分，按当地公布的标准填写）`,
      [{ law: '城乡居民养老保险意见', article: 6 }],
      ['rules.md §3 [P] 规则 / [U] 金额'],
    );
    t.step('合计', `每月养老金 = 基础养老金 ${yuan(basic)} + 个人账户养老金 ${yuan(account)} = ${yuan(total)}`, [{ law: '城乡居民养老保险意见', article: 6 }], []);

    let annualSubsidy: number | null = null;
    if (input.annualContribution !== undefined) {
      if (!input.tiers) {
        t.assume('政府补贴按当地缴费档次表确定（最低档不低于每人每年30元，500元及以上档次不低于60元）；未提供本地区档次表，未计算补贴。');
      } else {
        const problems = validateResidentTierTable(input.tiers);
        if (problems.length) throw new CalcInputError('tiers', problems.join('；'));
        const tier = input.tiers.find((x) => dec(x.contribution).eq(input.annualContribution!));
        if (!tier) throw new CalcInputError('annualContribution', `${input.annualContribution}元不是档次表中的缴费档次`);
        annualSubsidy = fen(tier.subsidy);
        t.step(
          '政府缴费补贴',
          `选择每年${yuan(tier.contribution)}的档次，政府补贴每年${yuan(tier.subsidy)}，记入个人账户（补缴的年度是否有补贴按当地规定）`,
          [{ law: '城乡居民养老保险意见', article: 4 }],
          ['rules.md §3 [P] 规则；档次和补贴金额为地方数字'],
        );
      }
    }
    t.assume('基础养老金是地方数字（中央最低标准加地方提高部分，长期缴费的加发办法由各省规定），按您填写或本中心维护的数值计算；2026年中央最低标准据第三方汇总为163元/月，未经官方通知核实（rules.md §3 [U]）。');
    t.assume('个人账户储存额以社会保险经办机构记录为准（个人缴费、政府补贴、集体补助及利息）；本计算不预测今后的缴费和利息。');
    if (shortYears > 0) {
      t.assume('补缴的具体办法（可补缴哪些年度、补缴部分是否有政府补贴）由各地规定，以当地社会保险经办机构为准；例如长沙2017年的问答称补缴不享受政府补贴（种子资料001）。');
    }
    if (start !== undefined && start < PENSION_AGE && requiredYears < MIN_YEARS) {
      t.assume('“距规定领取年龄不足15年的，应逐年缴费”按自制度实施起每年缴费至60周岁理解，所需年限 = 60 − 制度实施时年龄；年龄按周岁整数计，实施日期以当地为准（如长沙为2010年7月1日，见种子资料001），具体以当地经办机构认定为准。');
    }
    if (start === undefined) {
      t.assume('未提供当地新农保或城居保制度实施时的年龄，按一般条件（累计缴费满15年）判断；制度实施时已年满60周岁或距60周岁不足15年的人员适用过渡规定（国发〔2014〕8号 七），可填写 ageAtSchemeStart。');
    }

    return t.done(
      {
        eligible,
        accountPension: fen(account),
        basicPension: fen(basic),
        total: fen(total),
        shortYears,
        requiredYears,
        ...(annualSubsidy !== null ? { annualSubsidy } : {}),
      },
      { estimate: true },
    );
  },
});
