import type { ChineseAnalyzer } from './chinese-analyzer.js';

/**
 * An in-memory BM25F index over Chinese documents. Each field is indexed through channels
 * (jieba terms, character bigrams, pinyin sound pairs), each with its own weight; a document's score
 * is the weighted sum of the channels' BM25 scores. In memory because a center's knowledge base is
 * small (about 8,000 entries) and must answer in milliseconds; every node builds its own from the
 * database and keeps it current from the domain events.
 *
 * Postings are plain arrays of slots and term frequencies (compact small integers), and scores
 * accumulate in a typed array, so a query over tens of thousands of documents stays in single-digit
 * milliseconds.
 */
export type Channel = 'terms' | 'bigrams' | 'sounds';

export type FieldSpec = { field: string; channel: Channel; weight: number };

/**
 * A document's distinct tokens per channel with their counts, computed once and reusable by indexes
 * with the same specs. Parallel arrays and interned strings keep tens of thousands of documents small.
 */
export type AnalyzedChannel = { readonly terms: readonly string[]; readonly counts: Uint16Array };
export type AnalyzedDoc = readonly (AnalyzedChannel | undefined)[];

type Postings = { slots: number[]; tfs: number[] };

type ChannelIndex = {
  spec: FieldSpec;
  postings: Map<string, Postings>;
  lengths: number[];
  totalLength: number;
  docCount: number;
};

export type ScoredDoc<M> = { id: string; score: number; meta: M; matched: Set<string> };

const K1 = 1.2;
const B = 0.75;
/** Tokens found in more than this share of documents say nothing and cost the most; queries skip them. */
const MAX_DF_SHARE = { terms: 0.5, bigrams: 0.2, sounds: 0.2 } as const;

export class Bm25Index<M> {
  private readonly channels: ChannelIndex[];
  private readonly slotOf = new Map<string, number>();
  private readonly docs: ({ id: string; meta: M; analyzed: AnalyzedDoc } | undefined)[] = [];
  private readonly free: number[] = [];
  private scores = new Float64Array(1024);
  private readonly interned = new Map<string, string>();

  constructor(
    private readonly analyzer: ChineseAnalyzer,
    readonly specs: readonly FieldSpec[],
  ) {
    this.channels = specs.map((spec) => ({ spec, postings: new Map(), lengths: [], totalLength: 0, docCount: 0 }));
  }

  get size() {
    return this.slotOf.size;
  }

  meta(id: string): M | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.docs[slot]?.meta;
  }

  /** Tokenizes a document's fields for this index's specs (the costly part of indexing). */
  analyze(fields: Record<string, string>): AnalyzedDoc {
    const byText = new Map<string, AnalyzedChannel | undefined>();
    return this.specs.map((spec) => {
      const text = fields[spec.field];
      if (!text) return undefined;
      const cacheKey = `${spec.channel}\u0000${spec.field}`;
      if (byText.has(cacheKey)) return byText.get(cacheKey);
      const counts = new Map<string, number>();
      for (const t of this.tokens(spec.channel, text)) counts.set(t, (counts.get(t) ?? 0) + 1);
      const analyzed = counts.size
        ? { terms: [...counts.keys()].map((t) => this.intern(t)), counts: Uint16Array.from(counts.values(), (n) => Math.min(n, 65535)) }
        : undefined;
      byText.set(cacheKey, analyzed);
      return analyzed;
    });
  }

  private intern(t: string) {
    const known = this.interned.get(t);
    if (known !== undefined) return known;
    this.interned.set(t, t);
    return t;
  }

  /** Adds or replaces a document. */
  put(id: string, fields: Record<string, string> | AnalyzedDoc, meta: M) {
    const analyzed = Array.isArray(fields) ? (fields as AnalyzedDoc) : this.analyze(fields as Record<string, string>);
    this.remove(id);
    const slot = this.free.pop() ?? this.docs.length;
    if (slot >= this.scores.length) this.scores = new Float64Array(this.scores.length * 2);
    analyzed.forEach((counted, c) => {
      if (!counted) return;
      const ch = this.channels[c]!;
      let length = 0;
      for (let i = 0; i < counted.terms.length; i++) {
        const t = counted.terms[i]!;
        const n = counted.counts[i]!;
        let p = ch.postings.get(t);
        if (!p) ch.postings.set(t, (p = { slots: [], tfs: [] }));
        p.slots.push(slot);
        p.tfs.push(n);
        length += n;
      }
      ch.lengths[slot] = length;
      ch.totalLength += length;
      ch.docCount++;
    });
    this.docs[slot] = { id, meta, analyzed };
    this.slotOf.set(id, slot);
  }

  remove(id: string) {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const doc = this.docs[slot]!;
    doc.analyzed.forEach((counted, c) => {
      if (!counted) return;
      const ch = this.channels[c]!;
      for (const t of counted.terms) {
        const p = ch.postings.get(t);
        if (!p) continue;
        const at = p.slots.indexOf(slot);
        if (at >= 0) {
          // Order does not matter: move the last posting into the hole.
          p.slots[at] = p.slots[p.slots.length - 1]!;
          p.tfs[at] = p.tfs[p.tfs.length - 1]!;
          p.slots.pop();
          p.tfs.pop();
        }
        if (p.slots.length === 0) ch.postings.delete(t);
      }
      ch.totalLength -= ch.lengths[slot] ?? 0;
      ch.lengths[slot] = 0;
      ch.docCount--;
    });
    this.docs[slot] = undefined;
    this.slotOf.delete(id);
    this.free.push(slot);
  }

  /** Best documents first; see searchPage. */
  search(query: string, options: { limit: number; accept?: (meta: M) => boolean }): ScoredDoc<M>[] {
    return this.searchPage(query, { offset: 0, ...options }).items;
  }

  /**
   * One page of the best documents, and how many matched in all. `accept` filters (region,
   * status, validity) before ranking; `matched` holds the query terms (canonical) each returned
   * document contains, for highlighting and explanations.
   */
  searchPage(query: string, options: { offset: number; limit: number; accept?: (meta: M) => boolean }): { total: number; items: ScoredDoc<M>[] } {
    const n = this.slotOf.size;
    if (n === 0) return { total: 0, items: [] };
    const scores = this.scores;
    const touched: number[] = [];
    const queryTokens = new Map<Channel, string[]>();
    for (const ch of this.channels) {
      const kind = ch.spec.channel;
      let tokens = queryTokens.get(kind);
      if (!tokens) queryTokens.set(kind, (tokens = [...new Set(this.tokens(kind, query))]));
      const avg = ch.totalLength / Math.max(1, ch.docCount) || 1;
      const maxDf = Math.max(2, n * MAX_DF_SHARE[kind]);
      for (const t of tokens) {
        const p = ch.postings.get(t);
        if (!p || p.slots.length > maxDf) continue;
        const df = p.slots.length;
        const w = ch.spec.weight * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const { slots, tfs } = p;
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i]!;
          const tf = tfs[i]!;
          if (scores[slot] === 0) touched.push(slot);
          scores[slot] = scores[slot]! + (w * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * ch.lengths[slot]!) / avg));
        }
      }
    }
    const candidates: { slot: number; score: number }[] = [];
    for (const slot of touched) {
      const doc = this.docs[slot]!;
      if (!options.accept || options.accept(doc.meta)) candidates.push({ slot, score: scores[slot]! });
    }
    for (const slot of touched) scores[slot] = 0;
    candidates.sort((a, b) => b.score - a.score);
    const queryTerms = new Set(queryTokens.get('terms') ?? []);
    const items = candidates.slice(options.offset, options.offset + options.limit).map((c) => {
      const doc = this.docs[c.slot]!;
      return { id: doc.id, score: c.score, meta: doc.meta, matched: this.matchedTerms(doc.analyzed, queryTerms) };
    });
    return { total: candidates.length, items };
  }

  private matchedTerms(analyzed: AnalyzedDoc, queryTerms: Set<string>) {
    const matched = new Set<string>();
    analyzed.forEach((a, c) => {
      if (a && this.specs[c]!.channel === 'terms') for (const t of a.terms) if (queryTerms.has(t)) matched.add(t);
    });
    return matched;
  }

  private tokens(kind: Channel, text: string): string[] {
    if (kind === 'terms') return this.analyzer.terms(text);
    if (kind === 'bigrams') return this.analyzer.bigrams(text);
    return this.analyzer.sounds(text);
  }
}

/**
 * Character ranges of `text` to mark for a set of canonical query terms: every variant of each term
 * that occurs in the text (so "社保" in a query marks "社会保险" and "社保" alike).
 */
export function highlightRanges(analyzer: ChineseAnalyzer, text: string, terms: Iterable<string>): [number, number][] {
  const normalized = analyzer.normalize(text);
  if (normalized.length !== text.length) return [];
  const ranges: [number, number][] = [];
  for (const term of terms) {
    for (const v of analyzer.variantsOf(term)) {
      if (v.length < 2 && !/[\u3400-\u9fff]/.test(v)) continue;
      for (let i = normalized.indexOf(v); i >= 0; i = normalized.indexOf(v, i + v.length)) ranges.push([i, i + v.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** A window of `text` around its first mark, with the marks shifted into it. */
export function snippet(text: string, marks: [number, number][], width = 120): { text: string; marks: [number, number][] } {
  if (text.length <= width) return { text, marks };
  const first = marks[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - 20, text.length - width));
  const end = start + width;
  const shift = start > 0 ? 1 : 0;
  return {
    text: (start > 0 ? '…' : '') + text.slice(start, end) + (end < text.length ? '…' : ''),
    marks: marks.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s - start + shift, e - start + shift]),
  };
}
