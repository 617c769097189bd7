import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit, type AuditActor } from '../../platform/audit/audit-trail.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/http/app-error.js';
import { PARAMETER_LABELS, type TCalcResponse, type TCalculatorInfo, type TParameter, type TParameterInput } from '../../shared/api/calculators.js';
import type { FieldIssue } from '../../shared/errors.js';
import type { CentersService } from '../centers/index.js';
import { CALCULATORS } from './catalog.js';
import { CalcInputError, type Basis, type Calculator } from './core/calculation.js';
import { parametersRepository as repo, type ParameterRow } from './calculator-parameters.repository.js';

export type CalculatorsDeps = { db: Kysely<any>; clock: Clock; centers: CentersService };

/**
 * Runs the calculators for citizens, agents and the answering engine, filling the local figures a
 * request leaves out from the parameters the caller's center (or its province) maintains, and keeps
 * those parameters, every change audited.
 */
export function createCalculatorsService(deps: CalculatorsDeps) {
  const { db } = deps;
  const byName = new Map<string, Calculator>(CALCULATORS.map((c) => [c.name, c]));

  function list(): TCalculatorInfo[] {
    return CALCULATORS.map((c) => ({
      name: c.name,
      title: c.title,
      topics: c.topics,
      input: z.toJSONSchema(c.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
      parameters: Object.fromEntries(Object.entries(c.parameters ?? {}).filter(([, v]) => v)) as Record<string, string>,
    }));
  }

  /** The calculator whose answer a topic asks for a figure of (S004 → overtime-pay). */
  function forTopics(topics: readonly string[]): { name: string; title: { zh: string; en: string } } | undefined {
    const c = CALCULATORS.find((c) => c.topics.some((t) => topics.includes(t)));
    return c && { name: c.name, title: c.title };
  }

  async function regionOf(code: string | undefined) {
    if (!code) return { chain: [] as number[], names: new Map<number, string>() };
    const all = await deps.centers.all();
    const center = all.find((c) => c.code === code);
    if (!center) throw new AppError('VALIDATION_FAILED', 'region: 未知的地区', 'region: unknown region', { fields: [{ field: 'body.region', code: 'unknown_region', message: '未知的地区' }] });
    return { chain: await deps.centers.chainOf(center.id), names: new Map(all.map((c) => [c.id, c.shortName])) };
  }

  /**
   * The parameter of `key` for a region: the nearest center of the chain that has one (then the
   * national row), and of its rows the latest year not after this year.
   */
  function pick(rows: ParameterRow[], chain: readonly number[], key: string, year: number): ParameterRow | undefined {
    for (const centerId of [...chain, null]) {
      const own = rows.filter((r) => r.key === key && r.center_id === centerId).sort((a, b) => b.year - a.year);
      const current = own.find((r) => r.year <= year) ?? own.at(-1);
      if (current) return current;
    }
    return undefined;
  }

  async function calculate(name: string, body: Record<string, unknown>): Promise<TCalcResponse> {
    const calc = byName.get(name);
    if (!calc) throw notFound('计算器', 'Calculator');
    const { region, ...given } = body as { region?: unknown } & Record<string, unknown>;
    if (region !== undefined && typeof region !== 'string') throw fieldsError([{ field: 'body.region', code: 'invalid_type', message: '地区应为地区编码' }]);
    const { chain, names } = await regionOf(region as string | undefined);
    const used: TCalcResponse['parameters'] = [];
    const filled: Record<string, unknown> = { ...given };
    const wanted = Object.entries(calc.parameters ?? {}).filter(([field, key]) => key && filled[field] === undefined);
    if (wanted.length) {
      const rows = await repo.forCenters(db, chain);
      const year = Number(shanghaiDate(deps.clock.now()).slice(0, 4));
      for (const [field, key] of wanted) {
        const row = pick(rows, chain, key!, year);
        if (!row) continue;
        filled[field] = Number(row.value);
        used.push({ field, key: key!, value: Number(row.value), year: row.year, source: row.source, regionName: row.center_id === null ? null : (names.get(row.center_id) ?? null) });
      }
    }
    const parsed = calc.input.safeParse(filled);
    if (!parsed.success) {
      throw fieldsError(
        parsed.error.issues.map((i) => {
          const field = i.path.join('.');
          const key = (calc.parameters ?? {})[String(i.path[0])];
          const missingParameter = key && filled[String(i.path[0])] === undefined;
          const message = missingParameter ? `${i.message}（本地区尚未维护“${PARAMETER_LABELS[key as keyof typeof PARAMETER_LABELS]?.zh ?? key}”，请填写）` : i.message;
          return { field: field ? `body.${field}` : 'body', code: i.code, message };
        }),
      );
    }
    let outcome;
    try {
      outcome = calc.compute(parsed.data);
    } catch (e) {
      if (e instanceof CalcInputError) throw fieldsError([{ field: `body.${e.field}`, code: 'invalid', message: e.message }]);
      throw e;
    }
    const steps = [...outcome.steps];
    const assumptions = [...outcome.assumptions];
    for (const p of used) {
      const label = PARAMETER_LABELS[p.key as keyof typeof PARAMETER_LABELS]?.zh ?? p.key;
      assumptions.push(`${label}按${p.regionName ?? '全国'}${p.year}年的数值 ${p.value} 计算（来源：${p.source}），由本中心维护。`);
    }
    const legalBasis = uniqueBasis(steps.flatMap((s) => s.basis));
    return { calculator: calc.name, ...outcome.result, result: outcome.result as Record<string, unknown>, steps, assumptions, estimate: outcome.estimate, parameters: used, legalBasis };
  }

  // ---- parameters ------------------------------------------------------------------------------

  async function parameters(): Promise<TParameter[]> {
    const names = new Map((await deps.centers.all()).map((c) => [c.id, c.shortName]));
    return (await repo.all(db)).map((r) => toParameter(r, names));
  }

  async function saveParameter(actor: AuditActor, input: TParameterInput): Promise<TParameter> {
    if (input.centerId !== null) await deps.centers.get(input.centerId);
    if ((input.key === 'pension_employer_rate' || input.key === 'pension_worker_rate' || input.key === 'unemployment_benefit_ratio') && input.value > 1) {
      throw fieldsError([{ field: 'body.value', code: 'too_big', message: '比例应在0到1之间（如0.16表示16%）' }]);
    }
    const names = new Map((await deps.centers.all()).map((c) => [c.id, c.shortName]));
    return db.transaction().execute(async (trx) => {
      const before = await repo.find(trx, input.centerId, input.key, input.year);
      const values = { value: String(input.value), source: input.source, note: input.note, updated_at: deps.clock.now(), updated_by: actor.name };
      const row = before ? await repo.update(trx, before.id, values) : await repo.insert(trx, { center_id: input.centerId, key: input.key, year: input.year, ...values });
      await recordAudit(trx, actor, {
        action: before ? 'calculators.parameter_updated' : 'calculators.parameter_created',
        entityType: 'calc_parameter',
        entityId: String(row.id),
        before: before ? { value: before.value, source: before.source } : undefined,
        after: { centerId: input.centerId, key: input.key, year: input.year, value: row.value, source: row.source },
      });
      return toParameter(row, names);
    });
  }

  async function deleteParameter(actor: AuditActor, id: number): Promise<void> {
    const before = await repo.byId(db, id);
    if (!before) throw notFound('参数', 'Parameter');
    await db.transaction().execute(async (trx) => {
      await repo.remove(trx, id);
      await recordAudit(trx, actor, { action: 'calculators.parameter_deleted', entityType: 'calc_parameter', entityId: String(id), before: { centerId: before.center_id, key: before.key, year: before.year, value: before.value, source: before.source } });
    });
  }

  return { list, forTopics, calculate, parameters, saveParameter, deleteParameter, has: (name: string) => byName.has(name) };
}

export type CalculatorsService = ReturnType<typeof createCalculatorsService>;

function fieldsError(fields: FieldIssue[]) {
  const first = fields[0]!;
  return new AppError('VALIDATION_FAILED', `${first.field}: ${first.message}`, `${first.field}: invalid`, { fields });
}

function uniqueBasis(all: Basis[]): Basis[] {
  const seen = new Set<string>();
  return all.filter((b) => {
    const k = `${b.law}#${b.article}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function toParameter(r: ParameterRow, names: Map<number, string>): TParameter {
  return {
    id: r.id,
    centerId: r.center_id,
    regionName: r.center_id === null ? null : (names.get(r.center_id) ?? null),
    key: r.key as TParameter['key'],
    year: r.year,
    value: Number(r.value),
    source: r.source,
    note: r.note,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}
