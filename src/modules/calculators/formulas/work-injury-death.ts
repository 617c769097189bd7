import { z } from 'zod';
import { CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, percent, yuan } from '../core/money.js';
import { ZMoney, ZPositiveMoney } from '../core/inputs.js';
import { workInjuryWageBase } from './work-injury-disability.js';

const WIR = '工伤保险条例';

/** 工伤保险条例 39 ¶1: funeral grant = 6 months of the 统筹地区 previous-year average monthly wage. */
const FUNERAL_MONTHS = 6;
/** 工伤保险条例 39 ¶1(三): one-off death subsidy = 20 × previous year's national urban per-capita disposable income. */
const DEATH_SUBSIDY_MULTIPLE = 20;
/** 工伤保险条例 39 ¶1(二): spouse 40%, each other dependant 30%, +10% for a lone elderly person or an orphan. */
const RATE = { spouse: '0.4', other: '0.3', lonelyElderOrOrphan: '0.1' } as const;

const RELATION_ZH = { spouse: '配偶', child: '子女', parent: '父母', other: '其他亲属' } as const;

const ZDependant = z.object({
  relation: z.enum(['spouse', 'child', 'parent', 'other'], { message: '亲属关系应为 spouse、child、parent 或 other' }),
  /** 孤寡老人或者孤儿. */
  lonelyElderOrOrphan: z.boolean({ message: '应为是/否' }).default(false),
});

type Result = {
  wageBase: number;
  funeralGrant: number;
  oneOffDeathSubsidy: number;
  dependantsPension: number;
  dependantsPensionCap: number;
  capped: boolean;
  dependants: { relation: 'spouse' | 'child' | 'parent' | 'other'; rate: number; amount: number }[];
};

/**
 * Work-injury death benefits (工伤保险条例 39; rules.md §5.3): funeral grant, dependants' pension (capped at
 * the worker's wage) and the one-off death subsidy.
 */
export const workInjuryDeath = defineCalculator({
  name: 'work-injury-death',
  title: { zh: '因工死亡待遇', en: 'Work-injury death benefits' },
  topics: ['S074'],
  input: z.object({
    /** Average monthly contribution wage of the 12 months before the injury. */
    ownWage: ZMoney,
    /** 统筹地区上年度职工月平均工资 (parameter). */
    localAverageWage: ZPositiveMoney,
    /** 上一年度全国城镇居民人均可支配收入, yuan a year (parameter). */
    nationalDisposableIncome: ZPositiveMoney,
    /** Relatives who relied on the worker for their main living and cannot work (供养亲属). */
    dependants: z
      .array(ZDependant)
      .max(20, { message: '供养亲属人数过多' })
      .refine((ds) => ds.filter((d) => d.relation === 'spouse').length <= 1, { message: '配偶最多一人' })
      .default([]),
    /** A grade 1–4 disabled worker who died after the 停工留薪 period: no one-off death subsidy (工伤保险条例 39 ¶3). */
    gradeOneToFourAfterLeave: z.boolean({ message: '应为是/否' }).default(false),
  }),
  parameters: { localAverageWage: 'local_average_monthly_wage', nationalDisposableIncome: 'national_disposable_income' },
  compute(input) {
    const t = new CalcTrace();
    const avg = dec(input.localAverageWage);

    const funeral = avg.times(FUNERAL_MONTHS);
    t.step('丧葬补助金', `${FUNERAL_MONTHS}个月 × 统筹地区上年度职工月平均工资${yuan(avg)} = ${yuan(funeral)}`, [{ law: WIR, article: 39 }]);

    const base = workInjuryWageBase(t, input.ownWage, input.localAverageWage);
    const dependants = input.dependants.map((d) => {
      const rate = dec(d.relation === 'spouse' ? RATE.spouse : RATE.other).plus(d.lonelyElderOrOrphan ? RATE.lonelyElderOrOrphan : 0);
      return { relation: d.relation, lonely: d.lonelyElderOrOrphan, rate, amount: base.times(rate) };
    });
    const sum = dependants.reduce((s, d) => s.plus(d.amount), dec(0));
    const capped = sum.gt(base);
    const pension = capped ? base : sum;
    if (dependants.length === 0) {
      t.step('供养亲属抚恤金', '没有由死亡职工生前提供主要生活来源、无劳动能力的亲属，不发供养亲属抚恤金。', [{ law: WIR, article: 39 }]);
    } else {
      const lines = dependants
        .map((d) => `${RELATION_ZH[d.relation]}${d.lonely ? (d.relation === 'child' ? '（孤儿）' : '（孤寡老人）') : ''} ${percent(d.rate)} = ${yuan(d.amount)}`)
        .join('；');
      t.step(
        '供养亲属抚恤金',
        `按本人工资${yuan(base)}：${lines}；合计${yuan(sum)}/月${capped ? `，高于死亡职工生前工资，按${yuan(base)}/月发放` : ''}（各供养亲属的抚恤金之和不应高于因工死亡职工生前的工资）`,
        [{ law: WIR, article: 39 }],
      );
      if (capped) t.assume('抚恤金之和超过上限时，各供养亲属之间如何分配按当地经办机构的做法（多为按比例核减）。');
      if (!dec(input.ownWage).eq(base))
        t.assume('抚恤金上限“因工死亡职工生前的工资”按本人工资（工伤保险条例第六十四条，已按统筹地区平均工资60%–300%调整）计算，以当地做法为准。');
      t.assume('供养亲属的具体范围（由死亡职工生前提供主要生活来源、无劳动能力）按国务院社会保险行政部门的规定核定。');
    }

    const income = dec(input.nationalDisposableIncome);
    const subsidy = input.gradeOneToFourAfterLeave ? dec(0) : income.times(DEATH_SUBSIDY_MULTIPLE);
    if (input.gradeOneToFourAfterLeave) {
      t.step('一次性工亡补助金', '一级至四级伤残职工在停工留薪期满后死亡的，其近亲属享受丧葬补助金和供养亲属抚恤金，不享受一次性工亡补助金。', [{ law: WIR, article: 39 }]);
    } else {
      t.step(
        '一次性工亡补助金',
        `${DEATH_SUBSIDY_MULTIPLE} × 上一年度全国城镇居民人均可支配收入${yuan(income)} = ${yuan(subsidy)}`,
        [{ law: WIR, article: 39 }],
      );
      t.assume(
        `全国城镇居民人均可支配收入${yuan(income)}按输入（或本中心维护的参数）计算，应以国家统计局公布的数字核对；“上一年度”一般按死亡之日的上一年度理解。`,
      );
    }

    return t.done<Result>({
      wageBase: fen(base),
      funeralGrant: fen(funeral),
      oneOffDeathSubsidy: fen(subsidy),
      dependantsPension: fen(pension),
      dependantsPensionCap: fen(base),
      capped,
      dependants: dependants.map((d) => ({ relation: d.relation, rate: d.rate.toNumber(), amount: fen(d.amount) })),
    });
  },
});
