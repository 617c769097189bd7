import { z } from 'zod';
import { CalcInputError, CalcTrace, defineCalculator } from '../core/calculation.js';
import { addDays, addMonths, parseDate, showDate } from '../core/dates.js';
import { ZDate, ZMonths } from '../core/inputs.js';

const WIR = '工伤保险条例';

/** 工伤保险条例 17: the employer applies within 30 days; if it does not, the worker or relatives within 1 year. */
const EMPLOYER_DAYS = 30;
const WORKER_YEARS = 1;
/** 工伤保险条例 20: decision within 60 days of acceptance, 15 days for clear cases. */
const DECISION_DAYS = 60;
const CLEAR_CASE_DECISION_DAYS = 15;
/** 工伤保险条例 33: 停工留薪期 generally ≤ 12 months, extendable by ≤ 12 months. */
const LEAVE_MONTHS = 12;
const LEAVE_EXTENSION_MONTHS = 12;


type Result = {
  employerDeadline: string;
  workerDeadline: string;
  decisionDays: number;
  clearCaseDecisionDays: number;
  decisionDeadline?: string;
  clearCaseDecisionDeadline?: string;
  maxLeaveMonths: number;
  leaveMonths?: number;
};

/**
 * Work-injury time limits (rules.md §5.2): the application deadlines for the employer (30 days) and for
 * the worker or relatives (1 year) (工伤保险条例 17), the decision time limit (工伤保险条例 20) and the
 * longest 停工留薪期 (工伤保险条例 33).
 */
export const workInjuryDeadlines = defineCalculator({
  name: 'work-injury-deadlines',
  title: { zh: '工伤认定申请时限和停工留薪期', en: 'Work-injury deadlines and paid medical leave' },
  topics: ['S016', 'S018', 'S066'],
  input: z.object({
    /** 事故伤害发生之日, or the day an occupational disease was diagnosed. */
    accidentDate: ZDate,
    /** The day the application was accepted (受理), for the decision deadline. */
    acceptanceDate: ZDate.optional(),
    /** 停工留薪 months asked for by the treating doctors. */
    requestedLeaveMonths: ZMonths.optional(),
  }),
  compute(input) {
    const t = new CalcTrace();
    const accident = parseDate(input.accidentDate);
    const employer = addDays(accident, EMPLOYER_DAYS);
    const worker = addMonths(accident, WORKER_YEARS * 12);
    t.step(
      '用人单位申请工伤认定',
      `自事故伤害发生之日（或被诊断、鉴定为职业病之日）${input.accidentDate}起30日内，即${showDate(employer)}前，向统筹地区社会保险行政部门提出；遇有特殊情况，经社会保险行政部门同意可以适当延长。用人单位未在时限内提出的，在此期间发生的工伤待遇等有关费用由用人单位负担。`,
      [{ law: WIR, article: 17 }],
    );
    t.step('职工或近亲属、工会组织申请', `用人单位未按时提出的，可在事故伤害发生之日起1年内，即${showDate(worker)}前，直接提出工伤认定申请。`, [{ law: WIR, article: 17 }]);
    t.assume('期限按《民法典》第二百零一条至第二百零三条计算：开始的当日不计入，按年、月计算的到期月的对应日为最后一日；最后一日是法定休假日的，以法定休假日结束的次日为最后一日（未自动顺延），以当地社会保险行政部门的做法为准。');

    const result: Result = {
      employerDeadline: showDate(employer),
      workerDeadline: showDate(worker),
      decisionDays: DECISION_DAYS,
      clearCaseDecisionDays: CLEAR_CASE_DECISION_DAYS,
      maxLeaveMonths: LEAVE_MONTHS + LEAVE_EXTENSION_MONTHS,
    };
    let decision = `社会保险行政部门应自受理之日起${DECISION_DAYS}日内作出工伤认定决定；事实清楚、权利义务明确的，${CLEAR_CASE_DECISION_DAYS}日内作出。需要以司法机关或者有关行政主管部门的结论为依据的，在其尚未作出结论期间时限中止。`;
    if (input.acceptanceDate !== undefined) {
      const accepted = parseDate(input.acceptanceDate);
      if (accepted < accident) throw new CalcInputError('acceptanceDate', '受理日期不能早于事故发生日期');
      result.decisionDeadline = showDate(addDays(accepted, DECISION_DAYS));
      result.clearCaseDecisionDeadline = showDate(addDays(accepted, CLEAR_CASE_DECISION_DAYS));
      decision += `受理日期${input.acceptanceDate}：一般于${result.decisionDeadline}前，事实清楚的于${result.clearCaseDecisionDeadline}前作出。`;
    }
    t.step('工伤认定决定的时限', decision, [{ law: WIR, article: 20 }]);

    let leave = `停工留薪期一般不超过${LEAVE_MONTHS}个月；伤情严重或者情况特殊，经设区的市级劳动能力鉴定委员会确认，可以适当延长，但延长不得超过${LEAVE_EXTENSION_MONTHS}个月，即最长${result.maxLeaveMonths}个月。期间原工资福利待遇不变，由所在单位按月支付；评定伤残等级后停发原待遇，享受伤残待遇。`;
    if (input.requestedLeaveMonths !== undefined) {
      const r = input.requestedLeaveMonths;
      result.leaveMonths = Math.min(r, result.maxLeaveMonths);
      leave += ` 申请${r}个月：${
        r <= LEAVE_MONTHS ? '在一般期限内' : r <= result.maxLeaveMonths ? `超过${LEAVE_MONTHS}个月的部分须经设区的市级劳动能力鉴定委员会确认` : `最长${result.maxLeaveMonths}个月（其中超过${LEAVE_MONTHS}个月的部分须经设区的市级劳动能力鉴定委员会确认）`
      }。`;
    }
    t.step('停工留薪期', leave, [{ law: WIR, article: 33 }]);
    return t.done(result, { estimate: false });
  },
});
