import { Bm25Index, highlightRanges, snippet, type AnalyzedDoc, type FieldSpec } from '../../../platform/text/bm25-index.js';
import type { ChineseAnalyzer } from '../../../platform/text/chinese-analyzer.js';
import type { TEntryContent, THighlight } from '../../../shared/api/knowledge.js';
import type { EntryStatus } from '../../../shared/knowledge.js';

/**
 * The knowledge base's search indexes: one over every entry's working version (what staff with
 * editing rights search, drafts included) and one over published versions (the only thing citizens
 * and agents ever see). An unpublished draft therefore has no citizen document at all.
 */
export type IndexedEntry = {
  entryId: number;
  audience: 'staff' | 'citizen';
  status: EntryStatus;
  content: TEntryContent;
  /** Last change of the entry (ms), for listing newest first without the database. */
  updatedAt: number;
};

const FIELDS: readonly FieldSpec[] = [
  { field: 'title', channel: 'terms', weight: 2.5 },
  { field: 'title', channel: 'bigrams', weight: 0.5 },
  { field: 'questions', channel: 'terms', weight: 3 },
  { field: 'questions', channel: 'bigrams', weight: 0.7 },
  { field: 'questions', channel: 'sounds', weight: 0.6 },
  { field: 'keywords', channel: 'terms', weight: 2 },
  { field: 'answer', channel: 'terms', weight: 0.7 },
  { field: 'basis', channel: 'terms', weight: 0.4 },
];

export function createEntrySearchIndex(analyzer: ChineseAnalyzer) {
  const indexes = { staff: new Bm25Index<IndexedEntry>(analyzer, FIELDS), citizen: new Bm25Index<IndexedEntry>(analyzer, FIELDS) };
  const entryIds = { staff: new Set<number>(), citizen: new Set<number>() };
  // The working and the published version are often the same content: analyze it once.
  const analyzedContent = new WeakMap<TEntryContent, AnalyzedDoc>();

  function put(doc: IndexedEntry) {
    const c = doc.content;
    let analyzed = analyzedContent.get(c);
    if (!analyzed) {
      analyzed = indexes.staff.analyze({
        title: c.title,
        questions: [c.question, ...c.similarQuestions].join('\n'),
        keywords: c.keywords.join(' '),
        answer: `${c.shortAnswer}\n${c.fullAnswer}`,
        basis: c.legalBasis.map((b) => b.law).join(' '),
      });
      analyzedContent.set(c, analyzed);
    }
    entryIds[doc.audience].add(doc.entryId);
    indexes[doc.audience].put(String(doc.entryId), analyzed, doc);
  }

  function removeEntry(entryId: number) {
    for (const audience of ['staff', 'citizen'] as const) {
      entryIds[audience].delete(entryId);
      indexes[audience].remove(String(entryId));
    }
  }

  function search(q: string, audience: IndexedEntry['audience'], limit: number, accept?: (d: IndexedEntry) => boolean) {
    return indexes[audience].search(q, { limit, accept });
  }

  function searchPage(q: string, audience: IndexedEntry['audience'], offset: number, limit: number, accept?: (d: IndexedEntry) => boolean) {
    return indexes[audience].searchPage(q, { offset, limit, accept });
  }

  function highlights(content: TEntryContent, matched: Set<string>): THighlight[] {
    const out: THighlight[] = [];
    const fields: [string, string][] = [
      ['title', content.title],
      ['question', content.question],
      ...content.similarQuestions.map((s) => ['similarQuestion', s] as [string, string]),
      ['shortAnswer', content.shortAnswer],
    ];
    for (const [field, text] of fields) {
      const marks = highlightRanges(analyzer, text, matched);
      if (field === 'similarQuestion' && (!marks.length || out.some((h) => h.field === 'similarQuestion'))) continue;
      if (marks.length || field === 'title' || field === 'shortAnswer' || field === 'question') {
        out.push({ field, ...(field === 'shortAnswer' ? snippet(text, marks) : { text, marks }) });
      }
    }
    return out;
  }

  /** Every entry's document for an audience, for listing without a query. */
  function* docs(audience: IndexedEntry['audience']): Generator<IndexedEntry> {
    for (const id of entryIds[audience]) {
      const d = indexes[audience].meta(String(id));
      if (d) yield d;
    }
  }

  return {
    put,
    removeEntry,
    search,
    searchPage,
    highlights,
    docs,
    doc: (id: number, audience: IndexedEntry['audience']) => indexes[audience].meta(String(id)),
    get size() {
      return indexes.staff.size + indexes.citizen.size;
    },
  };
}

export type EntrySearchIndex = ReturnType<typeof createEntrySearchIndex>;
