import { z } from 'zod';
import { CalcInputError, CalcTrace, defineCalculator } from '../core/calculation.js';
import { dec, fen, percent, yuan } from '../core/money.js';
import { ZMoney, ZPositiveMoney, ZRate } from '../core/inputs.js';

/**
 * National pension rates, used only when neither the request nor the center gives the local rate:
 * employer 16% (《降低社会保险费率综合方案》国办发〔2019〕13号, provinces above 16% may cut to 16%; [S]);
 * worker 8% of the own base, all into the personal account (国发〔2005〕38号 六; [P]).
 */
const NATIONAL_EMPLOYER_RATE = 0.16;
const NATIONAL_WORKER_RATE = 0.08;
const RATE19 = '《降低社会保险费率综合方案》国办发〔2019〕13号，https://www.gov.cn/zhengce/zhengceku/2019-04/04/content_5379629.htm';

/**
 * Basic pension contribution base and contributions (rules.md §7): the worker's average monthly wage of
 * the previous year, clamped to the published floor and ceiling (60%–300% of the provincial 全口径
 * average, RATE19), times the employer's and the worker's rates.
 */
export const contributionBase = defineCalculator({
  name: 'contribution-base',
  title: { zh: '养老保险缴费基数和缴费额', en: 'Pension contribution base and contributions' },
  topics: ['P05'],
  input: z.object({
    /** The worker's average monthly wage of the previous year. */
    wage: ZMoney,
    /** Published floor of the contribution base (parameter). */
    baseFloor: ZPositiveMoney,
    /** Published ceiling of the contribution base (parameter). */
    baseCeiling: ZPositiveMoney,
    /** Employer's pension rate (parameter). */
    employerRate: ZRate.optional(),
    /** Worker's pension rate (parameter). */
    workerRate: ZRate.optional(),
  }),
  parameters: {
    baseFloor: 'contribution_base_floor',
    baseCeiling: 'contribution_base_ceiling',
    employerRate: 'pension_employer_rate',
    workerRate: 'pension_worker_rate',
  },
  compute(input) {
    if (input.baseFloor > input.baseCeiling) throw new CalcInputError('baseFloor', '缴费基数下限不能高于上限');
    const t = new CalcTrace();
    const wage = dec(input.wage);
    const floor = dec(input.baseFloor);
    const ceiling = dec(input.baseCeiling);
    const base = wage.lt(floor) ? floor : wage.gt(ceiling) ? ceiling : wage;
    t.step(
      '确定缴费基数',
      `本人上年度月平均工资${yuan(wage)}，${
        wage.lt(floor) ? `低于缴费基数下限${yuan(floor)}，按下限` : wage.gt(ceiling) ? `高于缴费基数上限${yuan(ceiling)}，按上限` : `在下限${yuan(floor)}和上限${yuan(ceiling)}之间，按实际工资`
      }：缴费基数 = ${yuan(base)}`,
      [{ law: '社会保险法', article: 12 }],
      [`个人缴费基数上下限为全省全口径城镇单位就业人员平均工资的60%和300%，按当地公布的数额执行：${RATE19}`],
    );

    const employerRate = input.employerRate ?? NATIONAL_EMPLOYER_RATE;
    const workerRate = input.workerRate ?? NATIONAL_WORKER_RATE;
    if (input.employerRate === undefined) t.assume('未提供当地养老保险单位缴费比例，按国家规定的16%计算（国办发〔2019〕13号）；以当地公布的比例为准。');
    if (input.workerRate === undefined) t.assume('未提供个人缴费比例，按国家规定的8%计算（国发〔2005〕38号）。');
    const employer = base.times(employerRate);
    const worker = base.times(workerRate);
    t.step('单位缴费', `${yuan(base)} × ${percent(employerRate)} = ${yuan(employer)}，记入基本养老保险统筹基金`, [{ law: '社会保险法', article: 12 }], [RATE19]);
    t.step('个人缴费', `${yuan(base)} × ${percent(workerRate)} = ${yuan(worker)}，记入个人账户，由单位从工资中代扣代缴`, [
      { law: '社会保险法', article: 12 },
      { law: '国发〔2005〕38号', article: 6 },
      { law: '社会保险费征缴暂行条例', article: 12 },
    ]);
    t.assume('缴费基数按当地公布的上下限计算；各地通常每年7月1日调整，医疗、失业、工伤保险的基数和费率按当地规定另行确定。');
    return t.done({ base: fen(base), employerContribution: fen(employer), workerContribution: fen(worker) }, { estimate: input.employerRate === undefined || input.workerRate === undefined });
  },
});
