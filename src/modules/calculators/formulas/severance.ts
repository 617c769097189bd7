import { z } from 'zod';
import { CalcInputError, CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, figure, yuan } from '../core/money.js';
import { ZMoney, ZMonths, ZPositiveMoney } from '../core/inputs.js';

const LCL = '劳动合同法';
const LCLR = '劳动合同法实施条例';

/** 劳动合同法 47 ¶2: the wage above which the high-wage cap applies is 3 × the local average; the years are then capped at 12. */
const HIGH_WAGE_MULTIPLE = 3;
const HIGH_WAGE_MAX_YEARS = 12;

/**
 * Why the contract ends. Compensation is due for the cases of 劳动合同法 46: art36 (mutual termination
 * proposed by the employer), art38 (the worker terminates for the employer's fault), art40, art41
 * (redundancy), art44 (expiry, bankruptcy, closure). None is due for art37 (the worker resigns) or art39
 * (dismissal for the worker's fault) unless the termination is unlawful.
 */
const GROUNDS = ['art36', 'art37', 'art38', 'art39', 'art40', 'art41', 'art44'] as const;
const GROUND_ZH: Record<(typeof GROUNDS)[number], string> = {
  art36: '用人单位提出、协商一致解除（第三十六条）',
  art37: '劳动者提前通知解除（第三十七条）',
  art38: '劳动者因用人单位过错解除（第三十八条）',
  art39: '用人单位因劳动者过失解除（第三十九条）',
  art40: '用人单位无过失性辞退（第四十条）',
  art41: '经济性裁员（第四十一条）',
  art44: '劳动合同终止（第四十四条）',
};
/** The ground's item in 劳动合同法 46. */
const ART46_ITEM: Partial<Record<(typeof GROUNDS)[number], string>> = {
  art38: '第一项',
  art36: '第二项',
  art40: '第三项',
  art41: '第四项',
  art44: '第五项、第六项',
};

/** 劳动合同法 42: the worker cannot be dismissed under arts. 40/41 while one of these lasts. */
const PROTECTED = {
  'occupational-disease-exam': { item: 1, zh: '劳动者从事接触职业病危害作业未进行离岗前职业健康检查，或者是疑似职业病病人在诊断或者医学观察期间' },
  'work-injury-disability': { item: 2, zh: '劳动者在本单位患职业病或者因工负伤并被确认丧失或者部分丧失劳动能力' },
  'medical-period': { item: 3, zh: '劳动者患病或者非因工负伤，在规定的医疗期内' },
  pregnancy: { item: 4, zh: '女职工在孕期' },
  'maternity-leave': { item: 4, zh: '女职工在产期' },
  nursing: { item: 4, zh: '女职工在哺乳期' },
  'long-service-near-retirement': { item: 5, zh: '劳动者在本单位连续工作满十五年，且距法定退休年龄不足五年' },
} as const;
type Protected = keyof typeof PROTECTED;
const ITEM_ZH = ['', '第一项', '第二项', '第三项', '第四项', '第五项'];

type Result = {
  years: number;
  wageBase: number;
  compensation: number;
  noticePay: number;
  total: number;
  capped: boolean;
  refused: boolean;
  refusalReason?: string;
};

/**
 * Economic compensation N (劳动合同法 47; 实施条例 27), N+1 for an art. 40 termination without 30 days'
 * notice (劳动合同法 40; 实施条例 20), 2N damages for an unlawful termination (劳动合同法 87; 实施条例 25:
 * then no compensation and no notice pay), and the art. 42 bar on dismissing protected workers.
 */
export const severance = defineCalculator({
  name: 'severance',
  title: { zh: '经济补偿与赔偿金', en: 'Severance pay (economic compensation)' },
  topics: ['S002', 'S013'],
  input: z.object({
    /** Months of service with the employer (since 2008-01-01, 劳动合同法 97). */
    serviceMonths: ZMonths,
    /** Average monthly wage of the 12 months before the end (fewer if worked less), all cash pay. */
    averageMonthlyWage: ZMoney,
    /** 直辖市、设区的市上年度职工月平均工资 (parameter). */
    localAverageWage: ZPositiveMoney,
    /** Local monthly minimum wage (parameter). */
    minimumWage: ZMoney.optional(),
    /** The employer terminated unlawfully and the worker does not ask to continue the contract (劳动合同法 48, 87). */
    unlawful: z.boolean({ message: '应为是/否' }).default(false),
    /** An art. 40 termination without 30 days' written notice: one extra month's wage. */
    withoutNotice: z.boolean({ message: '应为是/否' }).default(false),
    /** Last month's wage, for the extra month of an art. 40 termination (实施条例 20); defaults to the average. */
    lastMonthWage: ZMoney.optional(),
    terminationGround: z.enum(GROUNDS, { message: `解除或终止的依据应为 ${GROUNDS.join('、')} 之一` }).optional(),
    /** A situation of 劳动合同法 42 the worker is in. */
    protectedStatus: z
      .enum(Object.keys(PROTECTED) as [Protected, ...Protected[]], { message: `应为 ${Object.keys(PROTECTED).join('、')} 之一` })
      .optional(),
  }),
  parameters: { localAverageWage: 'local_average_monthly_wage', minimumWage: 'minimum_wage_monthly' },
  compute(input) {
    const t = new CalcTrace();
    let ground = input.terminationGround;
    if (input.withoutNotice) {
      if (ground !== undefined && ground !== 'art40')
        throw new CalcInputError('withoutNotice', '额外支付一个月工资（代通知金）只适用于劳动合同法第四十条的解除');
      ground = 'art40';
    }
    let unlawful = input.unlawful;

    // 劳动合同法 42 / 45: a protected worker cannot be dismissed under arts. 40, 41; an expiring contract is extended.
    let refusalReason: string | undefined;
    if (input.protectedStatus && ground) {
      const p = PROTECTED[input.protectedStatus];
      if (ground === 'art40' || ground === 'art41') {
        refusalReason = `${p.zh}的，用人单位不得依照劳动合同法第四十条、第四十一条解除劳动合同（第四十二条${ITEM_ZH[p.item]}）`;
        t.step(
          '不得解除',
          `${refusalReason}。用人单位仍然解除的属于违法解除：劳动者可以要求继续履行劳动合同；不要求继续履行或者已经不能继续履行的，用人单位应支付赔偿金（以下按赔偿金计算）。`,
          [{ law: LCL, article: 42 }, { law: LCL, article: 48 }, ...(p.item === 4 ? [{ law: '女职工劳动保护特别规定', article: 5 }] : [])],
        );
        unlawful = true;
      } else if (ground === 'art44' && input.protectedStatus !== 'work-injury-disability') {
        refusalReason = `${p.zh}的，劳动合同期满时应当续延至相应的情形消失时终止（第四十五条）`;
        t.step('合同续延', `${refusalReason}。期满即终止的属于违法终止，劳动者不要求继续履行的，用人单位应支付赔偿金（以下按赔偿金计算）。`, [
          { law: LCL, article: 45 },
          { law: LCL, article: 42 },
          { law: LCL, article: 48 },
        ]);
        unlawful = true;
      } else if (ground === 'art44') {
        t.step('合同终止', '因工负伤并被确认丧失或者部分丧失劳动能力的劳动者，劳动合同的终止按照国家有关工伤保险的规定执行（工伤保险条例第三十五条至第三十七条）。', [
          { law: LCL, article: 45 },
          { law: '工伤保险条例', article: 36 },
          { law: '工伤保险条例', article: 37 },
        ]);
      } else {
        t.step('劳动合同法第四十二条', `${p.zh}：第四十二条只限制依照第四十条、第四十一条解除，本情形不受其限制。`, [{ law: LCL, article: 42 }]);
      }
    } else if (input.protectedStatus) {
      t.step('劳动合同法第四十二条', `${PROTECTED[input.protectedStatus].zh}的，用人单位不得依照第四十条、第四十一条解除劳动合同；合同期满的续延至情形消失时终止（第四十五条）。`, [
        { law: LCL, article: 42 },
        { law: LCL, article: 45 },
      ]);
    }

    if (ground && !unlawful) {
      const item = ART46_ITEM[ground];
      t.step(
        '是否应支付经济补偿',
        item
          ? `${GROUND_ZH[ground]}，属于应当支付经济补偿的情形（第四十六条${item}）。`
          : `${GROUND_ZH[ground]}，不属于第四十六条规定的应当支付经济补偿的情形，不支付经济补偿。`,
        [{ law: LCL, article: 46 }],
      );
      if (ground === 'art44') t.assume('合同期满终止的，按用人单位未以维持或者提高劳动合同约定条件续订、或劳动者未拒绝续订计算（劳动合同法第四十六条第五项）。');
    }
    const due = unlawful || !ground || ART46_ITEM[ground] !== undefined;

    // Years of service (劳动合同法 47 ¶1).
    const m = input.serviceMonths;
    const full = Math.floor(m / 12);
    const rem = m % 12;
    let years = dec(full).plus(rem >= 6 ? 1 : rem > 0 ? '0.5' : 0);
    t.step(
      '计算工作年限',
      `工作${full}年${rem}个月：每满一年计1个月工资，六个月以上不满一年的按一年计算，不满六个月的按半个月计算 → ${figure(years)}个月工资`,
      [{ law: LCL, article: 47 }],
      ['《民法典》第一千二百五十九条（“以上”包括本数，“不满”不包括本数）'],
    );

    // Monthly wage: the 12-month average, not below the minimum wage, capped at 3 × the local average.
    let wage = dec(input.averageMonthlyWage);
    t.step('月工资', `解除或终止前十二个月的平均工资（含计时或计件工资及奖金、津贴和补贴等货币性收入；不满十二个月的按实际工作月数平均）${yuan(wage)}`, [
      { law: LCL, article: 47 },
      { law: LCLR, article: 27 },
    ]);
    if (input.minimumWage !== undefined && wage.lt(input.minimumWage)) {
      wage = dec(input.minimumWage);
      t.step('不低于最低工资标准', `平均工资低于当地最低工资标准，按最低工资标准${yuan(wage)}计算`, [{ law: LCLR, article: 27 }]);
    } else if (input.minimumWage === undefined) {
      t.assume('未提供当地最低工资标准：平均工资低于最低工资标准的，应按最低工资标准计算（劳动合同法实施条例第二十七条）。');
    }
    const avg = dec(input.localAverageWage);
    const ceiling = avg.times(HIGH_WAGE_MULTIPLE);
    let capped = false;
    if (wage.gt(ceiling)) {
      capped = true;
      const cappedYears = years.gt(HIGH_WAGE_MAX_YEARS) ? dec(HIGH_WAGE_MAX_YEARS) : years;
      t.step(
        '高收入封顶',
        `月工资${yuan(wage)}高于本地区上年度职工月平均工资${yuan(avg)}的三倍（${yuan(ceiling)}），按${yuan(ceiling)}计算，年限最高不超过十二年 → ${figure(cappedYears)}个月`,
        [{ law: LCL, article: 47 }],
      );
      wage = ceiling;
      years = cappedYears;
    } else {
      t.step('高收入封顶', `月工资${yuan(wage)}不高于本地区上年度职工月平均工资${yuan(avg)}的三倍（${yuan(ceiling)}），不封顶，年限不受十二年限制`, [{ law: LCL, article: 47 }]);
    }

    const compensation = years.times(wage);
    t.step('经济补偿', `${figure(years)} × ${yuan(wage)} = ${yuan(compensation)}`, [{ law: LCL, article: 47 }]);

    let noticePay = dec(0);
    let total = due ? compensation : dec(0);
    if (unlawful) {
      total = compensation.times(2);
      t.step(
        '违法解除或终止的赔偿金',
        `按经济补偿标准的二倍支付赔偿金：2 × ${yuan(compensation)} = ${yuan(total)}；支付了赔偿金的，不再支付经济补偿${input.withoutNotice ? '，也不另付代通知金' : ''}；赔偿金的计算年限自用工之日起计算。`,
        [{ law: LCL, article: 87 }, { law: LCLR, article: 25 }],
      );
    } else if (input.withoutNotice) {
      noticePay = dec(input.lastMonthWage ?? input.averageMonthlyWage);
      total = compensation.plus(noticePay);
      t.step(
        '未提前三十日通知：额外支付一个月工资',
        `按${input.lastMonthWage === undefined ? '平均月工资（未提供上一个月的工资）' : '上一个月的工资标准'}${yuan(noticePay)}额外支付；合计 ${yuan(compensation)} + ${yuan(noticePay)} = ${yuan(total)}`,
        [{ law: LCL, article: 40 }, { law: LCLR, article: 20 }],
      );
      if (input.lastMonthWage === undefined) t.assume('未提供上一个月的工资，代通知金按平均月工资计算；实际应按劳动者上一个月的工资标准确定（劳动合同法实施条例第二十条）。');
    } else if (!due) {
      t.step('合计', '本情形不支付经济补偿，应付合计为0元；以上按经济补偿标准计算的数额，仅在解除被认定为违法时作为赔偿金的计算基数（二倍）。', [{ law: LCL, article: 46 }, { law: LCL, article: 87 }]);
    }
    if (!ground && !unlawful) t.assume('未说明解除或终止的原因，按属于劳动合同法第四十六条应支付经济补偿的情形计算。');
    t.step('计算年限的起点', '工作年限自2008年1月1日起计算；此前已应支付经济补偿的，按当时的有关规定执行。', [{ law: LCL, article: 97 }]);

    const result: Result = {
      years: years.toNumber(),
      wageBase: fen(wage),
      compensation: fen(compensation),
      noticePay: fen(noticePay),
      total: fen(total),
      capped,
      refused: refusalReason !== undefined,
    };
    if (refusalReason) result.refusalReason = refusalReason;
    return t.done(result);
  },
});
