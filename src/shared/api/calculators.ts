import { z } from 'zod';

/** Figures a center maintains for the calculators; labels for the admin page and the steps. */
export const PARAMETER_LABELS = {
  local_average_monthly_wage: { zh: '上年度职工月平均工资（设区的市）', en: 'Local average monthly wage (previous year)', unit: '元/月' },
  pension_base: { zh: '基本养老金计发基数', en: 'Pension base (计发基数)', unit: '元/月' },
  minimum_wage_monthly: { zh: '月最低工资标准', en: 'Monthly minimum wage', unit: '元/月' },
  contribution_base_floor: { zh: '社保缴费基数下限', en: 'Contribution base floor', unit: '元/月' },
  contribution_base_ceiling: { zh: '社保缴费基数上限', en: 'Contribution base ceiling', unit: '元/月' },
  pension_employer_rate: { zh: '养老保险单位缴费比例', en: 'Pension rate, employer', unit: '比例' },
  pension_worker_rate: { zh: '养老保险个人缴费比例', en: 'Pension rate, worker', unit: '比例' },
  national_disposable_income: { zh: '上一年度全国城镇居民人均可支配收入', en: 'National urban per-capita disposable income (previous year)', unit: '元/年' },
  resident_basic_pension: { zh: '城乡居民基础养老金（中央+地方）', en: "Residents' basic pension (central + local)", unit: '元/月' },
  unemployment_benefit_ratio: { zh: '失业保险金占最低工资标准的比例', en: 'Unemployment benefit as a share of the minimum wage', unit: '比例' },
  maternity_extra_leave_days: { zh: '本省延长产假天数', en: 'Provincial extra maternity leave', unit: '天' },
} as const;
export type TParameterKey = keyof typeof PARAMETER_LABELS;
export const PARAMETER_KEY_LIST = Object.keys(PARAMETER_LABELS) as [TParameterKey, ...TParameterKey[]];

export const ZCalcStep = z.object({
  title: z.string(),
  detail: z.string(),
  basis: z.array(z.object({ law: z.string(), article: z.number().int() })),
  sources: z.array(z.string()),
});

export const ZUsedParameter = z.object({
  field: z.string(),
  key: z.string(),
  value: z.number(),
  year: z.number().int(),
  source: z.string(),
  regionName: z.string().nullable(),
});

/** The answer of POST /calculators/:name: the outputs at the top level and in `result`, and the working. */
export const ZCalcResponse = z
  .object({
    calculator: z.string(),
    result: z.record(z.string(), z.unknown()),
    steps: z.array(ZCalcStep),
    assumptions: z.array(z.string()),
    /** True when the figure is an estimate (assumptions made, figures not confirmed), not an entitlement. */
    estimate: z.boolean(),
    parameters: z.array(ZUsedParameter),
    legalBasis: z.array(z.object({ law: z.string(), article: z.number().int() })),
  })
  .passthrough();
export type TCalcResponse = z.infer<typeof ZCalcResponse>;

export const ZCalculatorInfo = z.object({
  name: z.string(),
  title: z.object({ zh: z.string(), en: z.string() }),
  topics: z.array(z.string()),
  /** JSON Schema of the input, for forms. */
  input: z.record(z.string(), z.unknown()),
  /** Input fields a center may maintain: field → parameter key. */
  parameters: z.record(z.string(), z.string()),
});
export type TCalculatorInfo = z.infer<typeof ZCalculatorInfo>;

export const ZParameter = z.object({
  id: z.number().int(),
  centerId: z.number().int().nullable(),
  regionName: z.string().nullable(),
  key: z.enum(PARAMETER_KEY_LIST),
  year: z.number().int(),
  value: z.number(),
  source: z.string(),
  note: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type TParameter = z.infer<typeof ZParameter>;

export const ZParameterInput = z.object({
  centerId: z.number().int().positive().max(2_147_483_647).nullable(),
  key: z.enum(PARAMETER_KEY_LIST, { message: '未知的参数' }),
  year: z.number().int().min(1990, { message: '年份应在1990–2100之间' }).max(2100, { message: '年份应在1990–2100之间' }),
  value: z.number().finite().min(0, { message: '数值不能为负数' }).max(1e9, { message: '数值过大' }),
  source: z.string().trim().min(2, { message: '请写明来源（文件名、文号或网址）' }).max(500),
  note: z.string().trim().max(500).nullable().default(null),
});
export type TParameterInput = z.infer<typeof ZParameterInput>;
