import { BUSINESS_LINE_LABELS, BUSINESS_LINES, LIBRARIES, LIBRARY_LABELS, type BusinessLine, type Library } from '../../../shared/knowledge.js';
import type { TEntryContent, TLegalBasisRef } from '../../../shared/api/knowledge.js';
import { chineseNumeralToInt } from '../laws/law-text-parser.js';

/**
 * The spreadsheet layout of knowledge entries, for import and export (CSV and XLSX alike). Headers
 * are Chinese, as a center's existing sheets are; the English names are accepted too. Lists are one
 * item per line in a cell (a "｜" or ";" also separates).
 */
export const ENTRY_COLUMNS = [
  { key: 'key', zh: '编号', en: 'key' },
  { key: 'library', zh: '知识库', en: 'library' },
  { key: 'businessLine', zh: '业务', en: 'business line' },
  { key: 'region', zh: '适用地区', en: 'region' },
  { key: 'title', zh: '标题', en: 'title' },
  { key: 'question', zh: '标准问', en: 'standard question' },
  { key: 'similarQuestions', zh: '相似问', en: 'similar questions' },
  { key: 'shortAnswer', zh: '电话答复', en: 'short answer' },
  { key: 'fullAnswer', zh: '完整答复', en: 'full answer' },
  { key: 'legalBasis', zh: '政策依据', en: 'legal basis' },
  { key: 'topics', zh: '种子问题', en: 'topics' },
  { key: 'keywords', zh: '关键词', en: 'keywords' },
  { key: 'validFrom', zh: '生效日期', en: 'valid from' },
  { key: 'validTo', zh: '失效日期', en: 'valid to' },
  { key: 'localFigures', zh: '含本地数据', en: 'local figures' },
  { key: 'figuresNote', zh: '数据说明', en: 'figures note' },
  { key: 'sources', zh: '其他出处', en: 'sources' },
] as const;

export type ColumnKey = (typeof ENTRY_COLUMNS)[number]['key'];
export type SheetRow = Partial<Record<ColumnKey, string>>;
export const REQUIRED_COLUMNS: readonly ColumnKey[] = ['library', 'businessLine', 'title', 'question', 'shortAnswer', 'fullAnswer'];

export function columnLabel(key: ColumnKey) {
  return ENTRY_COLUMNS.find((c) => c.key === key)!.zh;
}

/** Maps a header cell to a column, by its Chinese or English name; null for a column we do not know. */
export function columnOf(header: string): ColumnKey | null {
  const h = header.trim().toLowerCase().replace(/\s+/g, ' ');
  return ENTRY_COLUMNS.find((c) => c.zh === h || c.en === h || c.key.toLowerCase() === h)?.key ?? null;
}

export const splitList = (cell: string | undefined) =>
  (cell ?? '')
    .split(/\r?\n|[｜|；;]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** 劳动合同法第82条, 《劳动合同法》第八十二条, 劳动合同法 82 → { law, article }; null when unreadable. */
export function parseLegalBasis(item: string): TLegalBasisRef | null {
  const m = /^《?([^《》第\d\s]+?)》?\s*(?:第\s*)?([\d零〇一二三四五六七八九十百]+)\s*条?$/.exec(item.trim());
  if (!m) return null;
  const article = /^\d+$/.test(m[2]!) ? Number(m[2]) : chineseNumeralToInt(m[2]!);
  return article ? { law: m[1]!.trim(), article } : null;
}

export function formatLegalBasis(b: TLegalBasisRef) {
  return `${b.law}第${b.article}条`;
}

export function libraryOf(cell: string): Library | null {
  const v = cell.trim();
  return (LIBRARIES as readonly string[]).includes(v) ? (v as Library) : (LIBRARIES.find((l) => LIBRARY_LABELS[l].zh === v || LIBRARY_LABELS[l].en === v) ?? null);
}

export function businessLineOf(cell: string): BusinessLine | null {
  const v = cell.trim();
  return (BUSINESS_LINES as readonly string[]).includes(v)
    ? (v as BusinessLine)
    : (BUSINESS_LINES.find((l) => BUSINESS_LINE_LABELS[l].zh === v || BUSINESS_LINE_LABELS[l].en === v) ?? null);
}

export function booleanOf(cell: string | undefined): boolean | null {
  const v = (cell ?? '').trim().toLowerCase();
  if (['', '否', 'false', '0', 'no', 'n'].includes(v)) return false;
  if (['是', 'true', '1', 'yes', 'y'].includes(v)) return true;
  return null;
}

/** An entry as a spreadsheet row (Chinese labels for library and business line). */
export function rowOf(key: string | null, c: TEntryContent, regionCode: string | null): Record<ColumnKey, string> {
  return {
    key: key ?? '',
    library: LIBRARY_LABELS[c.library].zh,
    businessLine: BUSINESS_LINE_LABELS[c.businessLine].zh,
    region: regionCode ?? '全国',
    title: c.title,
    question: c.question,
    similarQuestions: c.similarQuestions.join('\n'),
    shortAnswer: c.shortAnswer,
    fullAnswer: c.fullAnswer,
    legalBasis: c.legalBasis.map(formatLegalBasis).join('\n'),
    topics: c.topics.join('\n'),
    keywords: c.keywords.join('\n'),
    validFrom: c.validFrom ?? '',
    validTo: c.validTo ?? '',
    localFigures: c.localFigures ? '是' : '否',
    figuresNote: c.figuresNote ?? '',
    sources: c.sources.join('\n'),
  };
}
