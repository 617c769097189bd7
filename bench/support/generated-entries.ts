import type { RunningApp } from '../../src/app.js';
import { BUSINESS_LINES, LIBRARIES } from '../../src/shared/knowledge.js';
import type { TEntryContent } from '../../src/shared/api/knowledge.js';

/** Deterministic pseudo-random numbers, so runs are comparable. */
export function seededRandom(seed = 12333) {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return { rand, pick };
}

/**
 * Entries that look like a city center's base (about 8,000–10,000): they recombine the starter
 * content's own words, so term frequencies resemble a real base (many entries sharing 养老保险, 工资,
 * 缴费 …), not random characters. 40% are regional.
 */
export async function generateEntries(app: RunningApp, count: number, random = seededRandom()) {
  const { knowledge, analyzer } = app.modules;
  const { rand, pick } = random;
  const starter = (await knowledge.list({ validity: 'any', page: 1, pageSize: 100000 } as never)).items;
  const starterEntries = await Promise.all(starter.map((i) => knowledge.get(i.id)));
  const centers = await app.modules.centers.all();
  const vocabulary = [...new Set(starterEntries.flatMap((e) => analyzer.terms(`${e.content.question} ${e.content.similarQuestions.join(' ')} ${e.content.shortAnswer}`)))].filter((w) => w.length >= 2);
  const phrase = (n: number) => Array.from({ length: n }, () => pick(vocabulary)).join('');
  const generated: { key: string; content: TEntryContent }[] = [];
  for (let i = 0; i < count; i++) {
    const region = rand() < 0.4 ? pick(centers).id : null;
    generated.push({
      key: `bench-${i}`,
      content: {
        library: pick(LIBRARIES),
        businessLine: pick(BUSINESS_LINES),
        regionCenterId: region,
        title: phrase(3).slice(0, 40),
        question: `${phrase(4)}?`.slice(0, 100),
        similarQuestions: [phrase(3), phrase(4), phrase(3)].map((s) => s.slice(0, 100)),
        shortAnswer: phrase(25).slice(0, 250),
        fullAnswer: phrase(120),
        legalBasis: [],
        sources: ['bench'],
        topics: [],
        keywords: [pick(vocabulary), pick(vocabulary)],
        localFigures: false,
        figuresNote: null,
        validFrom: null,
        validTo: null,
      },
    });
  }
  return { starter, starterEntries, centers, generated };
}
