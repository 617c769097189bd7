import type { z } from 'zod';

/** An article a step rests on, named as the knowledge base names laws (`{law: '劳动合同法', article: 47}`). */
export type Basis = { law: string; article: number };

/** One line of the working a citizen or agent reads: what was done, with the figures, and why. */
export type CalcStep = { title: string; detail: string; basis: Basis[]; sources: string[] };

/**
 * What every calculator returns: its outputs (`result`, put at the top level of the API answer), the
 * steps in Chinese, the assumptions it made where the rules are not settled (rules.md [U] points,
 * figures the caller did not give), and whether the figure is an estimate rather than an entitlement.
 */
export type CalcOutcome<R extends object> = { result: R; steps: CalcStep[]; assumptions: string[]; estimate: boolean };

/** Cross-field input errors that a schema cannot express; the API turns them into a 400 naming `field`. */
export class CalcInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Collects the steps and assumptions of one calculation. */
export class CalcTrace {
  readonly steps: CalcStep[] = [];
  readonly assumptions: string[] = [];

  step(title: string, detail: string, basis: Basis[] = [], sources: string[] = []): this {
    this.steps.push({ title, detail, basis, sources });
    return this;
  }

  assume(text: string): this {
    if (!this.assumptions.includes(text)) this.assumptions.push(text);
    return this;
  }

  done<R extends object>(result: R, options: { estimate?: boolean } = {}): CalcOutcome<R> {
    return { result, steps: this.steps, assumptions: this.assumptions, estimate: options.estimate ?? this.assumptions.length > 0 };
  }
}

/**
 * A calculator: a zod input schema (the API's request body, fields named as issue 5 names them) and
 * a pure function. `parameters` names the input fields that a center may maintain instead of the
 * caller typing them (the local average wage, the minimum wage …): when the request leaves such a
 * field out, the service fills it from the center's parameter of that key, nearest region first.
 */
export type Calculator<S extends z.ZodTypeAny = z.ZodTypeAny, R extends object = object> = {
  name: string;
  title: { zh: string; en: string };
  /** Topic ids of seed-topics.json whose questions this calculator answers with a figure. */
  topics: string[];
  input: S;
  parameters?: Partial<Record<string, ParameterKey>>;
  compute(input: z.output<S>): CalcOutcome<R>;
};

/** Figures a center maintains, each with its year and source (never a constant in code). */
export const PARAMETER_KEYS = [
  'local_average_monthly_wage', // 上年度职工月平均工资 (the districted city's, for severance caps and work-injury clamps)
  'pension_base', // 基本养老金计发基数
  'minimum_wage_monthly', // 月最低工资标准
  'contribution_base_floor', // 社保缴费基数下限
  'contribution_base_ceiling', // 社保缴费基数上限
  'pension_employer_rate', // 养老保险单位缴费比例
  'pension_worker_rate', // 养老保险个人缴费比例
  'national_disposable_income', // 上一年度全国城镇居民人均可支配收入 (work-injury death subsidy)
  'resident_basic_pension', // 城乡居民基础养老金 (monthly, central + local)
  'unemployment_benefit_ratio', // 失业保险金 as a share of the minimum wage
  'maternity_extra_leave_days', // 省级延长产假天数
] as const;
export type ParameterKey = (typeof PARAMETER_KEYS)[number];

export function defineCalculator<S extends z.ZodTypeAny, R extends object>(c: Calculator<S, R>): Calculator<S, R> {
  return c;
}
