import type { AuditActor } from '../../platform/audit/audit-trail.js';
import type { TParameterInput } from '../../shared/api/calculators.js';
import type { CentersService } from '../centers/index.js';
import type { CalculatorsService } from './calculators.service.js';

/**
 * Figures of the demo province that have a published source (the same ones the Jilin starter
 * entries quote, content/regional-jilin.json). Average wages and 计发基数 are left for the center to
 * enter: none was read from an official source.
 */
const DEMO: (Omit<TParameterInput, 'centerId' | 'note'> & { centerCode: string; note?: string })[] = [
  { centerCode: 'jl-changchun', key: 'minimum_wage_monthly', year: 2024, value: 2120, source: '吉政函〔2024〕66号（2024年10月1日起执行，一档：长春市区）' },
  { centerCode: 'jl-changchun-nongan', key: 'minimum_wage_monthly', year: 2024, value: 1780, source: '吉政函〔2024〕66号（2024年10月1日起执行，三档：其他县市）' },
  { centerCode: 'jl-jilin', key: 'minimum_wage_monthly', year: 2024, value: 1920, source: '吉政函〔2024〕66号（2024年10月1日起执行，二档：吉林市区）' },
  { centerCode: 'jl', key: 'unemployment_benefit_ratio', year: 2024, value: 0.9, source: '吉人社联〔2024〕105号（失业保险金按当地最低工资标准的90%计发）' },
];

export async function seedDemoParameters(calculators: CalculatorsService, centers: CentersService, actor: AuditActor): Promise<number> {
  const all = await centers.all();
  const existing = await calculators.parameters();
  let created = 0;
  for (const p of DEMO) {
    const center = all.find((c) => c.code === p.centerCode);
    if (!center) continue;
    if (existing.some((e) => e.centerId === center.id && e.key === p.key && e.year === p.year)) continue;
    await calculators.saveParameter(actor, { centerId: center.id, key: p.key, year: p.year, value: p.value, source: p.source, note: p.note ?? null });
    created++;
  }
  return created;
}
