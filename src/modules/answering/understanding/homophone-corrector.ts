import { pinyin } from 'pinyin-pro';

/**
 * Puts back the domain word a speech recogniser (or a hurried typist) replaced with a word of the
 * same sound: 工商认定 → 工伤认定, 事业金 → 失业金, 元老保险 → 养老保险, 生意津贴 → 生育津贴.
 *
 * Windows of three or more characters are corrected against the domain vocabulary: a window whose
 * toneless pinyin equals a domain word's, or (four syllables and more) differs in one syllable that
 * keeps its initial. Two characters are corrected only when the segmenter sees them as two loose
 * characters, not a word (设保 → 社保, 医报 → 医保, 商残 → 伤残), so real words (工商局, 事业单位)
 * are never turned into domain words.
 */
const MIN = 3;
const MAX = 6;
const INITIALS = ['zh', 'ch', 'sh', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'r', 'z', 'c', 's', 'y', 'w'];

function initialOf(syllable: string): string {
  return INITIALS.find((i) => syllable.startsWith(i)) ?? '';
}

/**
 * Syllables of a run of characters, kept (bounded): callers' clauses repeat ("失业金怎么领", "算不算工伤")
 * and pinyin-pro's reading of polyphones is most of the corrector's time.
 */
const runSyllables = new Map<string, string[]>();
function syllablesOf(text: string): string[] {
  let s = runSyllables.get(text);
  if (!s) {
    if (runSyllables.size >= 50_000) runSyllables.clear();
    runSyllables.set(text, (s = pinyin(text, { toneType: 'none', type: 'array', toneSandhi: false }) as string[]));
  }
  return s;
}

export function createHomophoneCorrector(vocabulary: Iterable<string>, options: { cut?: (text: string) => string[]; canonicalOf?: (word: string) => string } = {}) {
  const canonical = options.canonicalOf ?? ((w: string) => w);
  /** A sound already taken by another word is ambiguous, unless both words mean the same (工伤, 公伤). */
  const claim = (map: Map<string, string | null>, key: string, w: string) => {
    const had = map.get(key);
    map.set(key, had === undefined ? w : had !== null && (had === w || canonical(had) === canonical(w)) ? had : null);
  };
  const words = new Set<string>();
  const twoCharWords = new Set<string>();
  const exact = new Map<string, string>();
  const near = new Map<string, string | null>();
  const pairs = new Map<string, string | null>();
  /** Every two neighbouring syllables of a domain word: a window with two others can match nothing. */
  const neighbours = new Set<string>();
  for (const w of vocabulary) {
    if (/^[\u3400-\u9fff]{2}$/.test(w)) {
      twoCharWords.add(w);
      const key = syllablesOf(w).join(' ');
      claim(pairs, key, w);
    }
    if (!/^[\u3400-\u9fff]+$/.test(w) || w.length < MIN || w.length > MAX) continue;
    words.add(w);
    const s = syllablesOf(w);
    if (!exact.has(s.join(' '))) exact.set(s.join(' '), w);
    for (let i = 0; i + 1 < s.length; i++) neighbours.add(`${s[i]} ${s[i + 1]}`);
    if (s.length >= 4) {
      for (let i = 0; i < s.length; i++) {
        const key = [...s.slice(0, i), `${initialOf(s[i]!)}*`, ...s.slice(i + 1)].join(' ');
        // Two domain words one syllable apart make the key ambiguous: never guess between them.
        claim(near, key, w);
      }
    }
  }

  /** The window's syllables joined, with the one at `wild` (if any) replaced by its initial and `*`. */
  function keyOf(syl: readonly string[], from: number, len: number, wild = -1): string {
    let key = '';
    for (let j = from; j < from + len; j++) key += (j > from ? ' ' : '') + (j === wild ? `${initialOf(syl[j]!)}*` : syl[j]);
    return key;
  }

  function correct(text: string): { text: string; corrections: { from: string; to: string }[] } {
    const corrections: { from: string; to: string }[] = [];
    const out = text.replace(/[\u3400-\u9fff]{3,}/g, (run) => {
      const syl = syllablesOf(run);
      if (syl.length !== run.length) return run;
      // unknownAt[j]: syllables j and j+1 are next to each other in no domain word. An exact match
      // needs none inside its window; a near match (one syllable misheard, at k) none but at k-1 and k.
      const unknownAt = syl.map((s, j) => j + 1 < syl.length && !neighbours.has(`${s} ${syl[j + 1]}`));
      let result = '';
      let i = 0;
      while (i < run.length) {
        let replaced = false;
        for (let len = Math.min(MAX, run.length - i); len >= MIN; len--) {
          const window = run.slice(i, i + len);
          if (words.has(window)) {
            result += window;
            i += len;
            replaced = true;
            break;
          }
          // The first and last unknown neighbour pairs inside the window (-1: none).
          let first = -1;
          let last = -1;
          for (let j = i; j < i + len - 1; j++) {
            if (!unknownAt[j]) continue;
            if (first < 0) first = j;
            last = j;
          }
          let to = first < 0 ? exact.get(keyOf(syl, i, len)) : undefined;
          if (!to && len >= 4 && last - first <= 1) {
            for (let k = i; k < i + len && !to; k++) {
              if (first >= 0 && (first < k - 1 || last > k)) continue;
              const hit = near.get(keyOf(syl, i, len, k));
              // The near match must keep every other character, so only the misheard one changes; and
              // a domain word said whole followed by another word is not a misheard longer one
              // ("失业保险交了" is 失业保险 + 交, not 失业保险金).
              const said = k === i ? window.slice(1) : k === i + len - 1 ? window.slice(0, -1) : '';
              // Nor is a domain word said whole around the odd character: "工资单位" is 工资 + 单位, not 工作单位.
              const wordAround = twoCharWords.has(window.slice(k - i - 1, k - i + 1)) || twoCharWords.has(window.slice(k - i, k - i + 2));
              if (hit && !words.has(said) && !wordAround && [...hit].every((ch, j) => j === k - i || ch === window[j])) to = hit;
            }
          }
          if (to && to !== window) {
            corrections.push({ from: window, to });
            result += to;
            i += len;
            replaced = true;
            break;
          }
        }
        if (!replaced) result += run[i++];
      }
      return result;
    });
    return { text: options.cut ? correctLoosePairs(out, corrections) : out, corrections };
  }

  /** Two loose characters (not a word to the segmenter) that sound like a two-character domain word. */
  function correctLoosePairs(text: string, corrections: { from: string; to: string }[]): string {
    const tokens = options.cut!(text);
    // The segmenter drops what is not a word ("+" of "N+1", spaces): copy the text between tokens
    // as it was, so correcting never loses a character.
    let out = '';
    let at = 0;
    const copyTo = (token: string) => {
      const found = text.indexOf(token, at);
      if (found < 0) return false;
      out += text.slice(at, found);
      at = found + token.length;
      return true;
    };
    for (let i = 0; i < tokens.length; i++) {
      const a = tokens[i]!;
      const b = tokens[i + 1];
      if (!copyTo(a)) continue;
      if (b && a.length === 1 && b.length === 1 && /^[\u3400-\u9fff]{2}$/.test(a + b) && text.startsWith(b, at)) {
        const to = pairs.get(syllablesOf(a + b).join(' '));
        if (to && to !== a + b) {
          corrections.push({ from: a + b, to });
          out += to;
          at += b.length;
          i++;
          continue;
        }
      }
      out += a;
    }
    return out + text.slice(at);
  }

  return { correct };
}

export type HomophoneCorrector = ReturnType<typeof createHomophoneCorrector>;
