import { z } from 'zod';
import { CalcTrace, defineCalculator } from '../core/calculation.js';
import { monthIndex, yearMonthOf, ZYearMonth } from '../core/inputs.js';

/**
 * Statutory retirement age under the gradual delay (rules.md §1), the minimum contribution years for a
 * monthly pension (§1.4) and the flexible-retirement window (§1.3).
 *
 * Law: 延迟退休决定 一、五 (men 60→63, women 50→55 and 55→58 over 15 years, in force 2025-01-01);
 * 延迟退休办法 第一条 (one month of delay every four months, or every two months for women of original
 * age 50), 第二条 (minimum years 15 → 20 from 2030, six months a year), 第三条 (flexible retirement).
 */

export type RetirementCategory = 'male' | 'female50' | 'female55';

type CategoryRule = {
  label: string;
  /** 原法定退休年龄, in years (1978 measures, no longer in force since 2025-01-01: 延迟退休决定 五). */
  originalAge: number;
  /** The first birth month whose original retirement month falls on or after 2025-01 (rules.md §1.2). */
  firstAffectedBirth: string;
  /** 每四个月 / 每二个月延迟一个月 (延迟退休办法 第一条). */
  stepMonths: number;
  /** 63 − 60, 58 − 55 = 3 years; 55 − 50 = 5 years (延迟退休决定 一). */
  maxDelayMonths: number;
};

/** rules.md §1.2 table (annex tables of the 办法 not read; rule cross-checked with four sources, [S]). */
export const RETIREMENT_RULES: Readonly<Record<RetirementCategory, CategoryRule>> = {
  male: { label: '男职工', originalAge: 60, firstAffectedBirth: '1965-01', stepMonths: 4, maxDelayMonths: 36 },
  female55: { label: '原法定退休年龄为55周岁的女职工', originalAge: 55, firstAffectedBirth: '1970-01', stepMonths: 4, maxDelayMonths: 36 },
  female50: { label: '原法定退休年龄为50周岁的女职工', originalAge: 50, firstAffectedBirth: '1975-01', stepMonths: 2, maxDelayMonths: 60 },
};

/** The month the gradual delay starts (延迟退休办法 第一条 “从2025年1月1日起”). */
export const DELAY_START_MONTH = '2025-01';

/** Flexible retirement: at most three years earlier or later (延迟退休办法 第三条). */
export const FLEXIBLE_MONTHS = 36;

/**
 * Minimum contribution months for a monthly pension, by the calendar year in which the statutory
 * retirement age is reached (rules.md §1.4): 15 years up to 2029, + 6 months a year from 2030
 * (延迟退休办法 第二条), 20 years from 2039. The year key follows 附件4 as reconstructed [S].
 */
export function minContributionMonthsFor(year: number): number {
  if (year < 2030) return 180;
  if (year >= 2039) return 240;
  return 180 + 6 * (year - 2029);
}

/** “60岁”, “61岁5个月”. */
export function formatAgeMonths(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return m ? `${y}岁${m}个月` : `${y}岁`;
}

/** “15年”, “15年6个月”, “6个月”. */
export function formatYearsMonths(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  if (!y) return `${m}个月`;
  return m ? `${y}年${m}个月` : `${y}年`;
}

export type StatutoryRetirement = {
  originalAgeMonths: number;
  /** The month the original age was reached (R0 of rules.md §1.2). */
  originalRetirementMonth: string;
  delayMonths: number;
  retirementAgeMonths: number;
  retirementMonth: string;
};

/**
 * rules.md §1.2 at month precision: k = birth − firstAffectedBirth (in months);
 * delay = k < 0 ? 0 : min(maxDelay, floor(k / step) + 1); the day of birth is ignored.
 * Equivalently, R0 = birth + original age: R0 before 2025-01 → no delay; R0 in 2025-01..2025-04 → +1
 * month (step 4), and so on.
 */
export function statutoryRetirement(birthMonth: string, category: RetirementCategory): StatutoryRetirement {
  const rule = RETIREMENT_RULES[category];
  const birth = monthIndex(birthMonth);
  const k = birth - monthIndex(rule.firstAffectedBirth);
  const delayMonths = k < 0 ? 0 : Math.min(rule.maxDelayMonths, Math.floor(k / rule.stepMonths) + 1);
  const originalAgeMonths = rule.originalAge * 12;
  const retirementAgeMonths = originalAgeMonths + delayMonths;
  return {
    originalAgeMonths,
    originalRetirementMonth: yearMonthOf(birth + originalAgeMonths),
    delayMonths,
    retirementAgeMonths,
    retirementMonth: yearMonthOf(birth + retirementAgeMonths),
  };
}

const NPC24_URL = 'http://www.npc.gov.cn/npc/c2/kgfb/202409/t20240913_439534.html';
const ANNEX_URL = 'https://www.mohrss.gov.cn/SYrlzyhshbzb/ztzl/zt202409/qwfb/202409/t20240913_525781.html';

export const retirementAge = defineCalculator({
  name: 'retirement-age',
  title: { zh: '法定退休年龄（渐进式延迟退休）', en: 'Statutory retirement age (gradual delay)' },
  topics: ['S020'],
  input: z.object({
    birthMonth: ZYearMonth,
    category: z.enum(['male', 'female50', 'female55'], {
      message: '人员类别应为 male（男职工）、female50（原法定退休年龄50周岁的女职工）或 female55（原法定退休年龄55周岁的女职工）',
    }),
  }),
  compute(input) {
    const t = new CalcTrace();
    const rule = RETIREMENT_RULES[input.category];
    const r = statutoryRetirement(input.birthMonth, input.category);
    const birth = monthIndex(input.birthMonth);
    const affected = r.delayMonths > 0;

    t.step(
      '确定原法定退休年龄',
      `${rule.label}，原法定退休年龄${rule.originalAge}周岁；出生于${input.birthMonth}，按原规定应于${r.originalRetirementMonth}退休。`,
      [
        { law: '延迟退休决定', article: 1 },
        { law: '延迟退休决定', article: 5 },
      ],
      [`rules.md §1.1 [P]`, NPC24_URL],
    );

    if (!affected) {
      t.step(
        '是否适用延迟退休',
        `原退休时间${r.originalRetirementMonth}早于${DELAY_START_MONTH}（延迟退休自2025年1月1日起实施），不延迟，法定退休年龄仍为${rule.originalAge}周岁。`,
        [{ law: '延迟退休办法', article: 1 }],
        ['rules.md §1.2 [S]'],
      );
    } else {
      const k = birth - monthIndex(rule.firstAffectedBirth);
      const capped = r.delayMonths === rule.maxDelayMonths && Math.floor(k / rule.stepMonths) + 1 > rule.maxDelayMonths;
      t.step(
        '计算延迟月数',
        `自2025年1月起，每${rule.stepMonths === 4 ? '四' : '二'}个月延迟一个月。出生月份比${rule.firstAffectedBirth}（首批受影响的出生月份）晚${k}个月，` +
          `延迟月数 = ⌊${k} ÷ ${rule.stepMonths}⌋ + 1 = ${Math.floor(k / rule.stepMonths) + 1}` +
          (capped ? `，超过上限，按最多延迟${rule.maxDelayMonths}个月计（逐步延迟至${rule.originalAge + rule.maxDelayMonths / 12}周岁）` : '') +
          `，即延迟${r.delayMonths}个月。`,
        [
          { law: '延迟退休办法', article: 1 },
          { law: '延迟退休决定', article: 1 },
        ],
        ['rules.md §1.2 [S]（附件对照表原文未读，按规则推算并与多方公开对照表核对）', ANNEX_URL],
      );
    }

    t.step(
      '法定退休年龄和退休时间',
      `法定退休年龄 = ${rule.originalAge}周岁 + ${r.delayMonths}个月 = ${formatAgeMonths(r.retirementAgeMonths)}；` +
        `退休时间 = ${input.birthMonth} + ${formatAgeMonths(r.retirementAgeMonths)} = ${r.retirementMonth}。`,
      [{ law: '延迟退休办法', article: 1 }],
      ['rules.md §1.2 [S]'],
    );

    const retirementYear = Math.floor(monthIndex(r.retirementMonth) / 12);
    const minMonths = minContributionMonthsFor(retirementYear);
    t.step(
      '按月领取基本养老金的最低缴费年限',
      `${retirementYear}年达到法定退休年龄，最低缴费年限为${formatYearsMonths(minMonths)}（${minMonths}个月，含视同缴费年限）` +
        `：2029年及以前为15年，自2030年1月1日起每年提高6个月，2039年起为20年。不满的可以延长缴费或一次性缴费补足后按月领取。`,
      [
        { law: '延迟退休办法', article: 2 },
        { law: '社会保险法', article: 16 },
      ],
      ['rules.md §1.4 [P] 规则 / [S] 附件4 对照表'],
    );

    let earliestAge: number | null = null;
    let latestAge: number | null = null;
    if (affected) {
      // rules.md §1.3: never below the original age, at most 36 months earlier or later.
      earliestAge = Math.max(r.originalAgeMonths, r.retirementAgeMonths - FLEXIBLE_MONTHS);
      latestAge = r.retirementAgeMonths + FLEXIBLE_MONTHS;
      t.step(
        '弹性退休区间',
        `弹性提前退休：最早 = max(原法定退休年龄${formatAgeMonths(r.originalAgeMonths)}，${formatAgeMonths(r.retirementAgeMonths)} − 36个月) = ${formatAgeMonths(earliestAge)}，` +
          `即${yearMonthOf(birth + earliestAge)}，须已达到最低缴费年限、本人自愿；` +
          `弹性延迟退休：最晚 = ${formatAgeMonths(r.retirementAgeMonths)} + 36个月 = ${formatAgeMonths(latestAge)}，即${yearMonthOf(birth + latestAge)}，须单位与职工协商一致。不得违背职工意愿强制选择退休年龄。`,
        [{ law: '延迟退休办法', article: 3 }],
        ['rules.md §1.3 [P] 规则 / [U] 办理程序'],
      );
    } else {
      t.step(
        '弹性退休区间',
        `弹性退休制度自2025年1月1日起实施；该人员在此之前已达到法定退休年龄，不适用弹性提前或延迟退休。`,
        [{ law: '延迟退休办法', article: 3 }],
        ['rules.md §1.3'],
      );
    }

    t.assume('延迟退休办法附件1–4（逐月对照表、最低缴费年限表）的官方原文未读；本结果按办法第一条、第二条的规则逐月推算，并与多个独立来源的对照表核对一致（rules.md §1.2、§1.4 [S]）。');
    t.assume('出生日不影响延迟月数；退休时间按年月显示，养老金一般自批准退休的次月起发放，具体以当地社会保险经办机构为准。');
    t.assume('人员类别由您选择：原50周岁一般指女工人岗位，原55周岁一般指女干部、管理或专业技术岗位；岗位身份按退休时所在岗位和档案记载由当地认定，女性灵活就业人员多数省份按原55周岁处理（未确认）。');
    t.assume('不含特殊工种（井下、高空、高温、特别繁重体力劳动）、高海拔地区和因病或非因工致残提前退休的情形（延迟退休办法第八条），这些情形按国家和当地规定办理。');
    t.assume('最低缴费年限按达到法定退休年龄的年份确定；弹性提前或延迟退休时适用哪一年的最低缴费年限、书面申请和告知期限等程序，见《实施弹性退休制度暂行办法》（人社部发〔2024〕94号），其原文未读（rules.md §1.3 [U]）。');
    t.assume('本计算只适用于职工基本养老保险参保人员；城乡居民基本养老保险的领取年龄仍为60周岁。');

    return t.done(
      {
        delayMonths: r.delayMonths,
        retirementAgeMonths: r.retirementAgeMonths,
        retirementMonth: r.retirementMonth,
        minContributionMonths: minMonths,
        /** null when the statutory age was reached before 2025-01 (no flexible retirement then). */
        earliestFlexibleMonth: earliestAge === null ? null : yearMonthOf(birth + earliestAge),
        latestFlexibleMonth: latestAge === null ? null : yearMonthOf(birth + latestAge),
        earliestFlexibleAgeMonths: earliestAge,
        latestFlexibleAgeMonths: latestAge,
      },
      { estimate: false },
    );
  },
});
