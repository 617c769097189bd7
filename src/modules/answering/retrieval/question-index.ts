import type { ChineseAnalyzer } from '../../../platform/text/chinese-analyzer.js';
import { standardizeColloquial } from '../understanding/colloquial.js';
import { askedIntents, transferDirection } from '../understanding/question-intent.js';
import { INSURANCE_LINES, INSURED_GROUPS, STOPWORDS } from '../../../platform/text/domain-vocabulary.js';

/**
 * The answering engine's index: every way an entry has been asked (its standard question, each
 * similar question, its title, its keywords) is a short document, and a citizen's question is
 * compared with each of them by IDF-weighted overlap of three kinds of features:
 *  - jieba terms mapped to canonical synonyms ("炒鱿鱼" → 解除劳动合同),
 *  - character bigrams (typos, words jieba does not know),
 *  - fuzzy pinyin syllable pairs (speech-recognition homophones, dialect pronunciation).
 *
 * Unlike BM25 the similarity is bounded (0 … 1): 1 means the question says exactly what a stored
 * question says. That is what makes a confidence threshold mean the same thing for every entry.
 *
 *   queryCoverage = matched weight / the question's weight   (how much of what the caller said is explained)
 *   storedCoverage = matched weight / the stored question's weight   (how much of the stored question the caller said)
 *
 * Entries also get a profile document (title, keywords and every question together) whose coverage of
 * the query is a small bonus, so a question that mixes the words of two stored wordings still finds
 * its entry.
 */
export type QuestionKind = 'question' | 'similar' | 'title' | 'keywords';

export type IndexedAnswer<M> = { entryId: number; meta: M; texts: { kind: QuestionKind; text: string }[]; content: string };

type FeatureDoc = {
  entry: number;
  entrySlot: number;
  /** Sorted feature ids, and the channel weight of each (parallel). */
  features: Int32Array;
  channelWeights: Float32Array;
  kind: QuestionKind | 'content';
  /** The insurance lines it names (bit mask, see `insuranceLines`). */
  lines: number;
  /** Whose insurance it is about (bit mask, see `insuredGroups`). */
  groups: number;
  /** It asks what is excluded ("哪些情况不算工伤"). */
  denies: boolean;
  /** What it asks of its subject (bit mask, see question-intent.ts). */
  intents: number;
  /** Which way a transfer it asks about goes (bit mask, see question-intent.ts). */
  moves: number;
  /** Σ weight × IDF of its features, cached for one generation of the index (IDF moves with every change). */
  weight: number;
  generation: number;
};

type IndexedEntry<M> = { slot: number; meta: M; docs: number[]; texts: IndexedAnswer<M>['texts']; features: number[] };

/** One search's best match per entry, in arrays indexed by entry slot (reset after each search). */
class EntryScratch {
  score: Float64Array;
  content: Float64Array;
  bestDoc: Int32Array;
  queryCoverage: Float64Array;
  storedCoverage: Float64Array;
  seen: Uint8Array;
  constructor(readonly size: number) {
    this.score = new Float64Array(size);
    this.content = new Float64Array(size);
    this.bestDoc = new Int32Array(size).fill(-1);
    this.queryCoverage = new Float64Array(size);
    this.storedCoverage = new Float64Array(size);
    this.seen = new Uint8Array(size);
  }
}

export type QueryFeatures = {
  ids: Int32Array;
  weights: Float64Array;
  total: number;
  terms: string[];
  /** Known word features of the question (ids) with their IDF, for `unexplained`. */
  termIds: { id: number; term: string; idf: number }[];
  /** The insurance lines the question names (bit mask). */
  lines: number;
  /** Whose insurance the question is about (bit mask). */
  groups: number;
  /** The question denies something ("不算工伤", "不予认定"). */
  denies: boolean;
  /** What it asks of its subject (bit mask, see question-intent.ts). */
  intents: number;
  /** Which way a transfer it asks about goes (bit mask, see question-intent.ts). */
  moves: number;
};

export type EntryMatch<M> = {
  entryId: number;
  meta: M;
  score: number;
  /** The stored text that matched best, and how much of it and of the query the match covers. */
  best: { kind: QuestionKind; text: string; queryCoverage: number; storedCoverage: number };
};

/** Words that frame a question without saying what it is about. */
const QUESTION_FRAME = new Set([
  '什么', '怎么', '如何', '怎样', '意思', '是不是', '有没有', '还是', '到底', '吗', '呢', '么', '啥', '咋', '哪', '呀', '嘛', '的话',
  // Asking about asking: "我想问下…", "想知道…", "听说…".
  '我想', '问下', '问问', '想问', '想知道', '我想知道', '打听', '打听一下', '请教', '了解一下', '听说',
]);

/**
 * A negation is part of what is asked ("哪些情况不算工伤" is not "哪些情况算工伤"); 没 and 没有 say it
 * as 不 does. (A-not-A questions and a closing 不 were read as questions before: see colloquial.ts.)
 */
const NEGATION = new Set(['不', '没', '没有']);

/** A figure or count of the caller's story ("六千多", "两个月", "五年"): its words are terms, not bigrams or sounds to match. */
const COUNT_WORD = /^[\d.零一二三四五六七八九十百千万两几多余来半]+[个年月天岁块元号日次周]*$/;

/**
 * Only the dictionary's words: jieba's guesses at new words glue a caller's words into strings no
 * stored question has ("哪些人得交" → 人得交), which then count against the match.
 */
const DICTIONARY = { dictionaryOnly: true, normalized: true };
const NORMALIZED = { normalized: true };

const CHANNEL_WEIGHT = { t: 1, b: 0.45, s: 0.3 } as const;
/** Features in more than this share of documents are scored only for the short list of candidates. */
const COMMON_SHARE = 0.08;
/**
 * …and at most this many: in a base of 10,000 entries a feature in 8 % of 150,000 stored questions
 * would walk 12,000 postings for every question that has it, for candidates the rarer features find anyway.
 */
const COMMON_MAX = 1000;
const SHORT_LIST = 300;
const CONTENT_BONUS = 0.25;
/** How much a stored question on another insurance line loses (share of its similarity). */
const LINE_CONFLICT = 0.25;
/** How much a stored question about another group of insured people loses. */
const GROUP_CONFLICT = 0.25;
/** A stored question that asks what is denied or excluded. */
const DENIAL = /(?:不|没|未)(?:能|得|予|会|可以)?(?:算|认定|认|属于|视同|视为|享受|给予|批准)/;
const DENIAL_UNASKED = 0.4;
/** How much a stored question that asks another thing of the subject loses (how long, not whether). */
const INTENT_CONFLICT = 0.1;
type Analyzed = { keys: string[]; lines: number; groups: number; denies: boolean; intents: number; moves: number };
const RESIDENTS = 1 << 1;
const UNSAID_RESIDENTS = 0.15;
/** A question with more features than this is a story told around the question. */
const LONG_STORY_FEATURES = 60;
const UNKNOWN_IN_STORY = 0.35;

export class QuestionIndex<M> {
  private readonly featureIds = new Map<string, number>();
  private df: number[] = [];
  private readonly postings: number[][] = [];
  private readonly docs: (FeatureDoc | undefined)[] = [];
  private readonly freeDocs: number[] = [];
  private readonly entries = new Map<number, IndexedEntry<M>>();
  /** Entries by a dense slot, so that a search keeps its per-entry scores in flat arrays. */
  private readonly entrySlots: (IndexedEntry<M> | undefined)[] = [];
  private readonly freeEntrySlots: number[] = [];
  private entryScratch = new EntryScratch(256);
  /** Per feature: how many entries use it in any of their wordings. */
  private entryDf: number[] = [];
  private liveDocs = 0;
  private generation = 0;
  private acc = new Float64Array(1024);
  private touched: number[] = [];
  private scratch = new Float64Array(1024);
  /** IDF per feature, valid for the generation it was computed in (every change moves every IDF). */
  private readonly idfCache: number[] = [];
  private readonly idfGeneration: number[] = [];
  private unknownIdfValue = 0;
  private unknownIdfGeneration = -1;

  constructor(private readonly analyzer: ChineseAnalyzer) {}

  get entryCount() {
    return this.entries.size;
  }

  meta(entryId: number): M | undefined {
    return this.entries.get(entryId)?.meta;
  }

  *allMeta(): Generator<M> {
    for (const e of this.entries.values()) yield e.meta;
  }

  /** Feature keys of a text: `t:` canonical terms, `b:` bigrams, `s:` pinyin pairs, each once. */
  featureKeys(raw: string): string[] {
    return this.analyze(raw).keys;
  }

  /** Feature keys and the insurance lines (bit mask) a text names. */
  private analyze(raw: string): Analyzed {
    const a = this.analyzer;
    const normalized = a.normalize(raw);
    const text = standardizeColloquial(normalized);
    // Bigrams and sounds come from the content words only: the frame of a question ("…是什么",
    // "能不能…吗") is shared by hundreds of questions and must not make two of them look alike.
    const said = a.words(text, DICTIONARY).filter((w) => !QUESTION_FRAME.has(w) && !NEGATION.has(w) && !STOPWORDS.has(w));
    // Canonical forms, so that 社保 and 社会保险 share their bigrams too.
    const words = said.map((w) => a.canonicalOf(w, NORMALIZED));
    const content = words.filter((w) => !COUNT_WORD.test(w)).join(' ');
    const keys = new Set<string>();
    for (const t of a.terms(text, DICTIONARY)) if (!QUESTION_FRAME.has(t)) keys.add(`t:${NEGATION.has(t) ? '不' : t}`);
    for (const b of a.bigrams(content, NORMALIZED)) keys.add(`b:${b}`);
    for (const s of a.sounds(content, NORMALIZED)) keys.add(`s:${s}`);
    return { keys: [...keys], lines: insuranceLines(words), groups: insuredGroups([...said, ...words]), denies: DENIAL.test(text), intents: askedIntents(normalized, text), moves: transferDirection(text) };
  }

  put(item: IndexedAnswer<M>) {
    this.remove(item.entryId);
    this.generation++;
    const slot = this.freeEntrySlots.pop() ?? this.entrySlots.length;
    const docIds: number[] = [];
    const analyzed = item.texts.map((t) => this.analyze(t.text));
    // A stored question that names no insurance line is on its entry's line, which the title names:
    // "我在外省交过社保，回老家了能转回来吗" is asked of 外地养老保险关系转入本地.
    const title = item.texts.reduce((m, t, i) => (t.kind === 'title' ? { lines: m.lines | analyzed[i]!.lines, groups: m.groups | analyzed[i]!.groups } : m), { lines: 0, groups: 0 });
    item.texts.forEach((t, i) => {
      const a = analyzed[i]!;
      docIds.push(this.addDoc(item.entryId, slot, t.kind, { ...a, lines: a.lines || title.lines, groups: a.groups || title.groups }));
    });
    if (item.content) docIds.push(this.addDoc(item.entryId, slot, 'content', this.analyze(item.content)));
    const features = [...new Set(docIds.flatMap((d) => [...this.docs[d]!.features]))];
    for (const f of features) this.entryDf[f] = (this.entryDf[f] ?? 0) + 1;
    const entry = { slot, meta: item.meta, docs: docIds, texts: item.texts, features };
    this.entries.set(item.entryId, entry);
    this.entrySlots[slot] = entry;
  }

  remove(entryId: number) {
    const e = this.entries.get(entryId);
    if (!e) return;
    this.generation++;
    for (const f of e.features) this.entryDf[f]!--;
    for (const d of e.docs) {
      const doc = this.docs[d]!;
      for (const f of doc.features) {
        this.df[f]!--;
        const list = this.postings[f]!;
        const i = list.indexOf(d);
        if (i >= 0) list.splice(i, 1);
      }
      this.docs[d] = undefined;
      this.freeDocs.push(d);
      this.liveDocs--;
    }
    this.entries.delete(entryId);
    this.entrySlots[e.slot] = undefined;
    this.freeEntrySlots.push(e.slot);
  }

  /** The weighted features of a question, ready to match (computed once per question). */
  query(text: string): QueryFeatures {
    const ids: number[] = [];
    const weights: number[] = [];
    const terms: string[] = [];
    const termIds: QueryFeatures['termIds'] = [];
    let total = 0;
    const { keys, lines, groups, denies, intents, moves } = this.analyze(text);
    const unknownShare = keys.length > LONG_STORY_FEATURES ? UNKNOWN_IN_STORY : 1;
    for (const key of keys) {
      const id = this.featureIds.get(key);
      // A feature no stored text has still counts against coverage: the caller said something we do
      // not know. In a long story most such words are the story (坐月子, 打电话, 二十来天), so they
      // count for less there.
      const idf = this.idfOf(id);
      const w = CHANNEL_WEIGHT[key[0] as 't' | 'b' | 's'] * idf;
      total += id === undefined ? w * unknownShare : w;
      if (key.startsWith('t:')) terms.push(key.slice(2));
      if (id === undefined) continue;
      if (key.startsWith('t:')) termIds.push({ id, term: key.slice(2), idf });
      ids.push(id);
      weights.push(w);
    }
    return { ids: Int32Array.from(ids), weights: Float64Array.from(weights), total, terms, termIds, lines, groups, denies, intents, moves };
  }

  /**
   * The best entries for a question, by their best-matching stored text plus the content bonus.
   * `accept` filters entries (region, validity) before they are ranked.
   */
  search(asked: QueryFeatures, limit: number, accept?: (meta: M) => boolean, context?: QueryFeatures): EntryMatch<M>[] {
    // With a context (a follow-up read with the previous question), the stored question must be
    // covered by context and question together, while what is asked now must be explained on its own.
    const q = context ?? asked;
    if (q.total === 0 || q.ids.length === 0 || asked.total === 0) return [];
    if (this.acc.length < this.docs.length) this.acc = new Float64Array(this.docs.length * 2);
    const acc = this.acc;
    const touched = this.touched;
    touched.length = 0;
    const commonLimit = Math.max(50, Math.min(COMMON_MAX, this.liveDocs * COMMON_SHARE));
    const common: number[] = [];
    for (let i = 0; i < q.ids.length; i++) {
      const f = q.ids[i]!;
      if (this.df[f]! > commonLimit) {
        common.push(i);
        continue;
      }
      const w = q.weights[i]!;
      for (const d of this.postings[f]!) {
        if (acc[d] === 0) touched.push(d);
        acc[d] = acc[d]! + w;
      }
    }
    // Short list by the rare features, then exact overlap (common features included) for it alone.
    let candidates = touched;
    if (touched.length > SHORT_LIST) candidates = this.bestOf(touched, SHORT_LIST);
    if (common.length && candidates.length < SHORT_LIST / 3) {
      // A question of common words only ("养老保险怎么交"): take candidates from the common features too.
      const seen = new Set(candidates);
      for (const i of common) {
        for (const d of this.postings[q.ids[i]!]!) {
          if (seen.size >= SHORT_LIST) break;
          if (!seen.has(d)) seen.add(d);
        }
      }
      candidates = [...seen];
    }
    if (this.entryScratch.size < this.entrySlots.length) this.entryScratch = new EntryScratch(this.entrySlots.length * 2);
    const best = this.entryScratch;
    const seenEntries: number[] = [];
    for (const d of candidates) {
      const doc = this.docs[d];
      if (!doc) continue;
      let matched = acc[d]!;
      for (const i of common) if (binaryHas(doc.features, q.ids[i]!)) matched += q.weights[i]!;
      const qc = context ? overlap(asked, doc.features) / asked.total : matched / q.total;
      const e = doc.entrySlot;
      if (!best.seen[e]) {
        best.seen[e] = 1;
        seenEntries.push(e);
      }
      if (doc.kind === 'content') {
        if (qc > best.content[e]!) best.content[e] = qc;
        continue;
      }
      const sc = Math.min(1, matched / this.weightOf(doc));
      // A stored question on another insurance line than the one asked about ("医保咋转" for
      // "养老保险咋转") answers another question, however many other words they share.
      const sim =
        similarity(qc, sc) *
        (conflict(asked.lines, doc.lines) ? 1 - LINE_CONFLICT : 1) *
        (conflict(asked.groups, doc.groups) ? 1 - GROUP_CONFLICT : 1) *
        (asked.groups === 0 && doc.groups & RESIDENTS ? 1 - UNSAID_RESIDENTS : 1) *
        // "哪些情况不算工伤" does not answer "哪些情况能认定工伤" (the other way round it may: a caller
        // told "不算工伤" asks whether it is).
        (doc.denies && !asked.denies ? 1 - DENIAL_UNASKED : 1) *
        (asked.intents && doc.intents && !(asked.intents & doc.intents) ? 1 - INTENT_CONFLICT : 1) *
        (conflict(asked.moves, doc.moves) ? 1 - LINE_CONFLICT : 1);
      if (sim > best.score[e]!) {
        best.score[e] = sim;
        best.bestDoc[e] = d;
        best.queryCoverage[e] = qc;
        best.storedCoverage[e] = sc;
      }
    }
    for (const d of touched) acc[d] = 0;
    for (const d of candidates) acc[d] = 0;

    const out: EntryMatch<M>[] = [];
    for (const e of seenEntries) {
      const d = best.bestDoc[e]!;
      const entry = this.entrySlots[e]!;
      if (d >= 0 && (!accept || accept(entry.meta))) {
        const text = entry.texts[entry.docs.indexOf(d)]!;
        out.push({
          entryId: this.docs[d]!.entry,
          meta: entry.meta,
          score: best.score[e]! + CONTENT_BONUS * best.content[e]!,
          best: { kind: this.docs[d]!.kind as QuestionKind, text: text.text, queryCoverage: best.queryCoverage[e]!, storedCoverage: best.storedCoverage[e]! },
        });
      }
      best.seen[e] = 0;
      best.score[e] = 0;
      best.content[e] = 0;
      best.bestDoc[e] = -1;
    }
    out.sort((a, b) => b.score - a.score || a.entryId - b.entryId);
    return out.slice(0, limit);
  }

  /** The `n` documents of `touched` with the highest partial score (selection, not a full sort). */
  private bestOf(touched: readonly number[], n: number): number[] {
    const acc = this.acc;
    if (this.scratch.length < touched.length) this.scratch = new Float64Array(touched.length * 2);
    const scores = this.scratch.subarray(0, touched.length);
    for (let i = 0; i < touched.length; i++) scores[i] = acc[touched[i]!]!;
    const threshold = nthLargest(scores, n);
    const out: number[] = [];
    for (const d of touched) if (acc[d]! > threshold) out.push(d);
    for (const d of touched) {
      if (out.length >= n) break;
      if (acc[d] === threshold) out.push(d);
    }
    return out;
  }

  /**
   * Words of the question, rare enough to carry meaning, that nothing of the entry (no stored
   * question, not its title, keywords or short answer) contains: "医保报销比例" matched to an entry
   * on 缴费比例 leaves 报销 unexplained, and such a match must not be given as the answer.
   */
  unexplained(entryId: number, q: QueryFeatures, minIdf: number, isBusinessTerm: (term: string) => boolean): string[] {
    const entry = this.entries.get(entryId);
    if (!entry) return [];
    const out: string[] = [];
    for (const t of q.termIds) {
      if (t.idf < minIdf || !isBusinessTerm(t.term)) continue;
      if (!entry.docs.some((d) => binaryHas(this.docs[d]!.features, t.id))) out.push(t.term);
    }
    return out;
  }

  private addDoc(entry: number, entrySlot: number, kind: FeatureDoc['kind'], { keys, lines, groups, denies, intents, moves }: Analyzed): number {
    const pairs = keys.map((k) => [this.intern(k), CHANNEL_WEIGHT[k[0] as 't' | 'b' | 's']] as const).sort((a, b) => a[0] - b[0]);
    const slot = this.freeDocs.pop() ?? this.docs.length;
    for (const [f] of pairs) {
      this.df[f] = (this.df[f] ?? 0) + 1;
      this.postings[f]!.push(slot);
    }
    this.liveDocs++;
    this.docs[slot] = { entry, entrySlot, features: Int32Array.from(pairs, (p) => p[0]), channelWeights: Float32Array.from(pairs, (p) => p[1]), kind, lines, groups, denies, intents, moves, weight: 0, generation: -1 };
    return slot;
  }

  private weightOf(doc: FeatureDoc): number {
    if (doc.generation !== this.generation) {
      let w = 0;
      for (let i = 0; i < doc.features.length; i++) w += doc.channelWeights[i]! * this.idfOf(doc.features[i]!);
      doc.weight = Math.max(w, 1e-9);
      doc.generation = this.generation;
    }
    return doc.weight;
  }

  private intern(key: string): number {
    let id = this.featureIds.get(key);
    if (id === undefined) {
      id = this.postings.length;
      this.featureIds.set(key, id);
      this.postings.push([]);
      this.df[id] = 0;
    }
    return id;
  }

  /**
   * How much a feature says, half by the stored questions that have it and half by the entries:
   * a word in all twenty wordings of one entry (生育津贴) is rare among entries and tells them apart,
   * while a word of one caller's story (物流, 六千) is rare among questions but tells nothing.
   */
  private idfOf(feature: number | undefined): number {
    if (feature === undefined) return this.unknownIdf();
    if (this.idfGeneration[feature] === this.generation) return this.idfCache[feature]!;
    const v = this.computeIdf(feature);
    this.idfCache[feature] = v;
    this.idfGeneration[feature] = this.generation;
    return v;
  }

  private unknownIdf(): number {
    if (this.unknownIdfGeneration !== this.generation) {
      this.unknownIdfValue = this.computeIdf(undefined);
      this.unknownIdfGeneration = this.generation;
    }
    return this.unknownIdfValue;
  }

  private computeIdf(feature: number | undefined): number {
    const byQuestion = idf(feature === undefined ? 0 : this.df[feature]!, this.liveDocs);
    const byEntry = idf(feature === undefined ? 0 : (this.entryDf[feature] ?? 0), this.entries.size);
    return (byQuestion + byEntry) / 2;
  }
}

function idf(df: number, n: number): number {
  const all = Math.max(1, n);
  return Math.log(1 + (all - df + 0.5) / (df + 0.5));
}

/** Two texts name different insurance lines (or insured groups): each names one the other does not. */
function conflict(asked: number, stored: number): boolean {
  return (asked & ~stored) !== 0 && (stored & ~asked) !== 0;
}

/**
 * The insurance lines (养老, 医疗, 工伤, 失业, 生育) named by canonical words, as a bit mask; a word
 * names the first line whose marks it contains ("生育医疗费" is 生育, "工伤保险" is 工伤).
 */
export function insuredGroups(words: readonly string[]): number {
  let mask = 0;
  for (const w of words) {
    const group = INSURED_GROUPS.findIndex((marks) => marks.some((m) => w.includes(m)));
    if (group >= 0) mask |= 1 << group;
  }
  return mask;
}

export function insuranceLines(words: readonly string[]): number {
  let mask = 0;
  for (const w of words) {
    const line = INSURANCE_LINES.findIndex((marks) => marks.some((m) => w.includes(m)));
    if (line >= 0) mask |= 1 << line;
  }
  return mask;
}

/**
 * How well a question and a stored question match, from the two coverages. The stored side weighs
 * more: a caller's long story that contains a whole stored question is a match; a stored question
 * that covers only one word of the caller's is not.
 */
export function similarity(queryCoverage: number, storedCoverage: number): number {
  if (queryCoverage <= 0 || storedCoverage <= 0) return 0;
  const beta2 = 1.5;
  return ((1 + beta2) * queryCoverage * storedCoverage) / (beta2 * queryCoverage + storedCoverage);
}

function overlap(q: QueryFeatures, features: Int32Array): number {
  let m = 0;
  for (let i = 0; i < q.ids.length; i++) if (binaryHas(features, q.ids[i]!)) m += q.weights[i]!;
  return m;
}

/** The n-th largest value (1-based) of `values`, which it reorders (quickselect). */
export function nthLargest(values: Float64Array, n: number): number {
  const k = n - 1;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

function binaryHas(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
