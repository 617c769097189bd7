import { z } from 'zod';
import { CalcInputError, CalcTrace, defineCalculator } from '../core/calculation.js';
import { ZMonths } from '../core/inputs.js';

const LCL = '劳动合同法';
const CC1259 = '《民法典》第一千二百五十九条（“以上”包括本数，“不满”不包括本数）';

/**
 * Longest probation (劳动合同法 19; rules.md §6): term < 3 months or task-based → none; 3 months to under
 * 1 year → 1 month; 1 year to under 3 years → 2 months; 3 years or more, or open-ended → 6 months; only
 * one probation per employer and worker.
 */
export const probation = defineCalculator({
  name: 'probation',
  title: { zh: '试用期上限', en: 'Maximum probation period' },
  topics: ['S011'],
  input: z.object({
    /** Term of a fixed-term contract in months. */
    termMonths: ZMonths.optional(),
    /** 无固定期限劳动合同. */
    openEnded: z.boolean({ message: '应为是/否' }).default(false),
    /** 以完成一定工作任务为期限的劳动合同. */
    taskBased: z.boolean({ message: '应为是/否' }).default(false),
    /** The same employer already agreed a probation with this worker. */
    previousProbationWithEmployer: z.boolean({ message: '应为是/否' }).default(false),
    /** The probation the contract sets, to check it. */
    agreedProbationMonths: ZMonths.optional(),
  }),
  compute(input) {
    const kinds = [input.termMonths !== undefined, input.openEnded, input.taskBased].filter(Boolean).length;
    if (kinds === 0) throw new CalcInputError('termMonths', '请填写劳动合同期限（月），或选择无固定期限、以完成一定工作任务为期限');
    if (kinds > 1) throw new CalcInputError('termMonths', '合同期限、无固定期限、以完成一定工作任务为期限只能选择一项');
    const t = new CalcTrace();

    let max: number;
    let why: string;
    if (input.taskBased) {
      max = 0;
      why = '以完成一定工作任务为期限的劳动合同，不得约定试用期';
    } else if (input.openEnded) {
      max = 6;
      why = '无固定期限劳动合同，试用期不得超过六个月';
    } else {
      const m = input.termMonths!;
      const term = `${Math.floor(m / 12) ? `${Math.floor(m / 12)}年` : ''}${m % 12 || !Math.floor(m / 12) ? `${m % 12}个月` : ''}`;
      if (m < 3) [max, why] = [0, `劳动合同期限${term}，不满三个月，不得约定试用期`];
      else if (m < 12) [max, why] = [1, `劳动合同期限${term}，三个月以上不满一年，试用期不得超过一个月`];
      else if (m < 36) [max, why] = [2, `劳动合同期限${term}，一年以上不满三年，试用期不得超过二个月`];
      else [max, why] = [6, `劳动合同期限${term}，三年以上固定期限，试用期不得超过六个月`];
    }
    t.step('试用期上限', why, [{ law: LCL, article: 19 }], input.termMonths !== undefined ? [CC1259] : []);

    let allowed = max > 0;
    let reason = why;
    if (input.previousProbationWithEmployer) {
      max = 0;
      allowed = false;
      reason = '同一用人单位与同一劳动者只能约定一次试用期，不得再次约定';
      t.step('只能约定一次试用期', reason, [{ law: LCL, article: 19 }]);
    }
    if (input.agreedProbationMonths !== undefined && input.agreedProbationMonths > 0) {
      const a = input.agreedProbationMonths;
      if (a > max) {
        allowed = false;
        const excess = max === 0 ? `约定的${a}个月试用期违法` : `约定的${a}个月试用期超过法定上限${max}个月`;
        reason = `${reason}；${excess}，违法约定的试用期已经履行的，用人单位应以试用期满月工资为标准，按超过法定试用期的期间支付赔偿金`;
        t.step('约定的试用期', `${excess}：由劳动行政部门责令改正；已经履行的，按超过法定试用期的期间以试用期满月工资为标准支付赔偿金`, [{ law: LCL, article: 83 }]);
      } else {
        allowed = true;
        t.step('约定的试用期', `约定${a}个月，未超过法定上限${max}个月`, [{ law: LCL, article: 19 }]);
      }
    }
    t.step('试用期的其他规定', '试用期包含在劳动合同期限内；劳动合同仅约定试用期的，试用期不成立，该期限为劳动合同期限。试用期工资不得低于本单位相同岗位最低档工资或者劳动合同约定工资的80%，并不得低于当地最低工资标准。', [
      { law: LCL, article: 19 },
      { law: LCL, article: 20 },
    ]);
    return t.done({ maxProbationMonths: max, allowed, reason }, { estimate: false });
  },
});
