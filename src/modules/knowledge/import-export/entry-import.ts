import { createHash } from 'node:crypto';
import type { AuditActor } from '../../../platform/audit/audit-trail.js';
import { canSeeCenter, type Principal } from '../../../platform/http/access.js';
import { ZEntryContent, type TEntryContent, type TEntryListQuery, type TImportReport } from '../../../shared/api/knowledge.js';
import type { CentersService } from '../../centers/index.js';
import type { KnowledgeService } from '../knowledge.service.js';
import type { LawLibrary } from '../laws/law-library.service.js';
import {
  booleanOf,
  businessLineOf,
  columnLabel,
  columnOf,
  ENTRY_COLUMNS,
  libraryOf,
  parseLegalBasis,
  REQUIRED_COLUMNS,
  rowOf,
  splitList,
  type ColumnKey,
  type SheetRow,
} from './entry-sheet.js';
import { readSheet, SheetReadError, writeSheet, type SheetFormat } from './sheet-files.js';

type Issue = TImportReport['errors'][number];

/**
 * Bulk import and export of knowledge entries, so a center can bring its existing ~8,000 entries.
 * An import checks every row first and then imports all of them in one transaction, or nothing.
 * Rows are matched by their 编号 (key); a row without one gets a key derived from its region and
 * standard question, so re-importing the same file updates instead of duplicating.
 */
export function createEntryImport(deps: { knowledge: KnowledgeService; centers: CentersService; laws: LawLibrary }) {
  async function check(format: SheetFormat, data: Buffer, principal: Principal | null) {
    const errors: Issue[] = [];
    let table: string[][];
    try {
      table = await readSheet(format, data);
    } catch (err) {
      if (err instanceof SheetReadError) return { errors: [{ row: 0, column: '', message: `文件无法读取:${err.message}` }], items: [] };
      throw err;
    }
    const [header, ...body] = table;
    if (!header) return { errors: [{ row: 0, column: '', message: '文件是空的' }], items: [] };
    const columns = header.map((h) => columnOf(h));
    header.forEach((h, i) => {
      if (h.trim() && columns[i] === null) errors.push({ row: 1, column: h, message: `无法识别的列“${h}”,可用列:${ENTRY_COLUMNS.map((c) => c.zh).join('、')}` });
    });
    for (const req of REQUIRED_COLUMNS) if (!columns.includes(req)) errors.push({ row: 1, column: columnLabel(req), message: `缺少必填列“${columnLabel(req)}”` });
    if (errors.length) return { errors, items: [] };

    const centers = await deps.centers.all();
    const byCode = new Map(centers.map((c) => [c.code, c.id]));
    const byName = new Map(centers.flatMap((c) => [[c.shortName, c.id] as const, [c.name, c.id] as const]));
    const items: { key: string; content: TEntryContent; row: number }[] = [];
    const seenKeys = new Map<string, number>();

    body.forEach((cells, i) => {
      const rowNo = i + 2;
      const row: SheetRow = {};
      columns.forEach((c, j) => {
        if (c) row[c] = (cells[j] ?? '').trim();
      });
      const err = (column: ColumnKey | '', message: string) => errors.push({ row: rowNo, column: column ? columnLabel(column) : '', message });
      const library = libraryOf(row.library ?? '');
      if (!library) err('library', `知识库“${row.library ?? ''}”不存在`);
      const businessLine = businessLineOf(row.businessLine ?? '');
      if (!businessLine) err('businessLine', `业务“${row.businessLine ?? ''}”不存在`);
      let regionCenterId: number | null = null;
      const region = row.region ?? '';
      if (region && region !== '全国' && region.toLowerCase() !== 'national') {
        const id = byCode.get(region) ?? byName.get(region);
        if (id === undefined) err('region', `适用地区“${region}”不是本平台的中心(填中心编码、简称或“全国”)`);
        else regionCenterId = id;
      }
      if (principal && (regionCenterId === null ? !principal.scope.all : !canSeeCenter(principal.scope, regionCenterId))) {
        err('region', '不能导入本中心管辖范围以外地区的条目');
      }
      const legalBasis = [];
      for (const item of splitList(row.legalBasis)) {
        const ref = parseLegalBasis(item);
        if (!ref) err('legalBasis', `政策依据“${item}”应写作“劳动合同法第82条”`);
        else if (!deps.laws.article(ref.law, ref.article)) err('legalBasis', `政策法规库中没有《${ref.law}》第${ref.article}条`);
        else legalBasis.push(ref);
      }
      const localFigures = booleanOf(row.localFigures);
      if (localFigures === null) err('localFigures', '含本地数据应填“是”或“否”');
      const parsed = ZEntryContent.safeParse({
        library,
        businessLine,
        regionCenterId,
        title: row.title ?? '',
        question: row.question ?? '',
        similarQuestions: splitList(row.similarQuestions),
        shortAnswer: row.shortAnswer ?? '',
        fullAnswer: row.fullAnswer ?? '',
        legalBasis,
        sources: splitList(row.sources),
        topics: splitList(row.topics).flatMap((t) => t.split(/[\s,，]+/)).filter(Boolean),
        keywords: splitList(row.keywords).flatMap((t) => t.split(/[\s,，]+/)).filter(Boolean),
        localFigures: Boolean(localFigures),
        figuresNote: row.figuresNote || null,
        validFrom: row.validFrom || null,
        validTo: row.validTo || null,
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '');
          if (field === 'library' || field === 'businessLine') continue; // reported above
          const column = (ENTRY_COLUMNS.find((c) => c.key === field)?.key ?? '') as ColumnKey | '';
          err(column, issue.message);
        }
        return;
      }
      const key = row.key || `import:${createHash('sha1').update(`${region || '全国'}|${parsed.data.question}`).digest('hex').slice(0, 16)}`;
      if (!/^[A-Za-z0-9:_@.-]{1,80}$/.test(key)) {
        err('key', '编号只能包含字母、数字和 :_@.-,不超过 80 位');
        return;
      }
      const first = seenKeys.get(key);
      if (first !== undefined) {
        err('key', `与第 ${first} 行重复(同一编号,或同一地区的同一标准问)`);
        return;
      }
      seenKeys.set(key, rowNo);
      items.push({ key, content: parsed.data, row: rowNo });
    });

    const statuses = await deps.knowledge.statusByKeys(items.map((i) => i.key));
    for (const i of items) if (statuses.get(i.key) === 'in_review') errors.push({ row: i.row, column: columnLabel('key'), message: '该条目正在审核中,请审核完成后再导入' });
    return { errors, items };
  }

  async function importSheet(
    actor: AuditActor,
    principal: Principal | null,
    input: { format: SheetFormat; data: Buffer; publish: boolean; dryRun: boolean },
  ): Promise<TImportReport> {
    const { errors, items } = await check(input.format, input.data, principal);
    const report: TImportReport = { dryRun: input.dryRun, imported: false, rows: items.length + new Set(errors.map((e) => e.row)).size, created: 0, updated: 0, unchanged: 0, errors };
    if (errors.length || input.dryRun) return report;
    const results = await deps.knowledge.importBatch(actor, items, input.publish ? 'publish' : 'draft');
    for (const r of results) report[r.what]++;
    report.rows = items.length;
    report.imported = true;
    return report;
  }

  async function exportSheet(format: SheetFormat, query: TEntryListQuery) {
    const codes = new Map((await deps.centers.all()).map((c) => [c.id, c.code]));
    const entries = await deps.knowledge.entriesForExport(query);
    const header = ENTRY_COLUMNS.map((c) => c.zh);
    const rows = entries.map(({ row, content }) => {
      const r = rowOf(row.key, content, content.regionCenterId ? (codes.get(content.regionCenterId) ?? null) : null);
      return ENTRY_COLUMNS.map((c) => r[c.key]);
    });
    return writeSheet(format, header, rows);
  }

  return { check, importSheet, exportSheet };
}

export type EntryImport = ReturnType<typeof createEntryImport>;
