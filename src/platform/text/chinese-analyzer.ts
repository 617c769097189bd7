import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { DOMAIN_WORDS, STOPWORDS, SYNONYM_GROUPS } from './domain-vocabulary.js';

/**
 * Chinese text analysis shared by the knowledge search and the answering engine:
 *  - normalize: full-width → half-width (NFKC), lower case, traditional → simplified (OpenCC);
 *  - terms: jieba words (search mode, domain dictionary), stopwords dropped, synonyms mapped to
 *    their canonical term, so "公司没跟我签合同" and "用人单位未订立劳动合同" share terms;
 *  - bigrams: overlapping character pairs, the fallback for typos and words jieba does not know;
 *  - sounds: toneless pinyin syllable pairs with fuzzy initials and finals (zh/z, n/l, ang/an …),
 *    so a speech-recognition homophone ("公伤" for "工伤") or a dialect pronunciation still matches.
 */
export type ChineseAnalyzer = ReturnType<typeof createChineseAnalyzer>;

export type AnalyzerOptions = {
  /** Extra synonym groups (a center's own), first word canonical. */
  synonymGroups?: readonly (readonly string[])[];
  extraWords?: readonly string[];
};

/**
 * `dictionaryOnly`: no HMM guessing of new words. `normalized`: the text already went through
 * `normalize` (a caller that reads one text several ways converts it once).
 */
export type CutOptions = { dictionaryOnly?: boolean; normalized?: boolean };

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const CJK = /[\u3400-\u9fff]/;

export function createChineseAnalyzer(options: AnalyzerOptions = {}) {
  const groups = [...SYNONYM_GROUPS, ...(options.synonymGroups ?? [])];
  const canonical = new Map<string, string>();
  const variants = new Map<string, string[]>();
  for (const group of groups) {
    const head = normalize(group[0]!);
    for (const w of group) {
      const n = normalize(w);
      if (!canonical.has(n)) canonical.set(n, head);
    }
    variants.set(head, [...new Set([...(variants.get(head) ?? []), ...group.map(normalize)])]);
  }

  const dictionaryWords = new Set<string>([...DOMAIN_WORDS, ...(options.extraWords ?? []), ...groups.flat()].map(normalize));
  const jieba = Jieba.withDict(dict);
  // High frequency so the dictionary wins over the general-purpose segmentation.
  jieba.loadDict(Buffer.from([...dictionaryWords].filter((w) => CJK.test(w)).map((w) => `${w} 200000 n`).join('\n')));

  function normalize(text: string): string {
    return toSimplified(text.normalize('NFKC').toLowerCase());
  }

  /**
   * Canonical terms of a text, in order, repeated as often as they occur. With `dictionaryOnly`, no
   * HMM guessing of new words (see `words`).
   */
  function terms(text: string, options: CutOptions = {}): string[] {
    const out: string[] = [];
    for (const raw of jieba.cutForSearch(options.normalized ? text : normalize(text), !options.dictionaryOnly)) {
      const w = raw.trim();
      if (!w || STOPWORDS.has(w) || /^[\p{P}\p{S}]+$/u.test(w)) continue;
      out.push(canonical.get(w) ?? w);
    }
    return out;
  }

  /**
   * The words of a text as written (precise segmentation, no synonyms, no stopword removal). With
   * `dictionaryOnly`, characters that form no dictionary word stay single (no HMM guessing of new
   * words), which is how a misheard pair such as 设保 shows itself.
   */
  function words(text: string, options: CutOptions = {}): string[] {
    return jieba
      .cut(options.normalized ? text : normalize(text), !options.dictionaryOnly)
      .map((w) => w.trim())
      .filter((w) => w && !/^[\p{P}\p{S}]+$/u.test(w));
  }

  /** Overlapping pairs of CJK characters and single latin/digit tokens. */
  function bigrams(text: string, options: { normalized?: boolean } = {}): string[] {
    const out: string[] = [];
    for (const run of (options.normalized ? text : normalize(text)).match(/[\u3400-\u9fff]+|[a-z0-9]+/g) ?? []) {
      if (!CJK.test(run)) {
        out.push(run);
        continue;
      }
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
    return out;
  }

  /** Pairs of consecutive fuzzy pinyin syllables of each CJK run: "gong|san" for 工伤 and 公伤. */
  function sounds(text: string, options: { normalized?: boolean } = {}): string[] {
    const out: string[] = [];
    for (const run of (options.normalized ? text : normalize(text)).match(/[\u3400-\u9fff]+/g) ?? []) {
      const syllables = fuzzySyllablesOf(run);
      for (let i = 0; i + 1 < syllables.length; i++) out.push(`${syllables[i]}|${syllables[i + 1]}`);
    }
    return out;
  }

  /** The canonical synonym of a word ("炒鱿鱼" → 解除劳动合同), or the word itself. */
  function canonicalOf(word: string, options: { normalized?: boolean } = {}): string {
    const w = options.normalized ? word : normalize(word);
    return canonical.get(w) ?? w;
  }

  /** The words a canonical term stands for, for highlighting what the reader typed or the text says. */
  function variantsOf(term: string): string[] {
    return variants.get(term) ?? [term];
  }

  return { normalize, terms, words, bigrams, sounds, variantsOf, canonicalOf };
}

/**
 * The fuzzy syllables of a run of characters. `sounds` reads content words one at a time, and callers
 * use the same few thousand words over and over: a bounded memo saves pinyin-pro's dictionary walk.
 */
const runSounds = new Map<string, string[]>();
const RUN_SOUNDS_MAX = 50_000;
function fuzzySyllablesOf(run: string): string[] {
  let syllables = runSounds.get(run);
  if (!syllables) {
    syllables = (pinyin(run, { toneType: 'none', type: 'array', toneSandhi: false }) as string[]).map(fuzzySyllable);
    if (runSounds.size >= RUN_SOUNDS_MAX) runSounds.clear();
    runSounds.set(run, syllables);
  }
  return syllables;
}

/** Merges the sounds many Chinese speakers (and recognisers) do not tell apart. */
const fuzzyOf = new Map<string, string>();
function fuzzySyllable(s: string): string {
  let f = fuzzyOf.get(s);
  if (f === undefined) fuzzyOf.set(s, (f = mergeSounds(s)));
  return f;
}

function mergeSounds(s: string): string {
  return s
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^l/, 'n')
    .replace(/^f/, 'h')
    .replace(/^r/, 'n')
    .replace(/ang$/, 'an')
    .replace(/eng$/, 'en')
    .replace(/ing$/, 'in')
    .replace(/uan$/, 'an');
}
