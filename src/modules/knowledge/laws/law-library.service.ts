import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/audit-trail.js';
import { Bm25Index, type FieldSpec } from '../../../platform/text/bm25-index.js';
import type { ChineseAnalyzer } from '../../../platform/text/chinese-analyzer.js';
import type { TLawArticle } from '../../../shared/api/knowledge.js';
import type { KnowledgeTables } from '../knowledge.repository.js';
import type { EntrySearchIndex } from '../search/entry-search-index.js';
import { SUPERSESSIONS } from './law-catalog.js';
import { readLawFolder } from './law-library-files.js';

const FIELDS: readonly FieldSpec[] = [
  { field: 'text', channel: 'terms', weight: 1 },
  { field: 'text', channel: 'bigrams', weight: 0.25 },
  { field: 'where', channel: 'terms', weight: 0.4 },
];

/** How much the articles cited by the best-matching knowledge entries add to an article's score. */
const BRIDGE_WEIGHT = 0.6;
/** What each further matching entry citing the same article adds, as a share of its bridge. */
const AGREEMENT_SHARE = 0.25;
/** The share of its score an overtaken article keeps; the rest goes to the article that replaced it. */
const SUPERSEDED_FACTOR = 0.5;

/**
 * The policy library: every article of the shipped law texts, one row each, with the articles
 * overtaken by later policy marked and linked. Search works on a lay person's words in two ways at
 * once: directly on the article text (after synonym mapping, "双倍工资" meets "二倍的工资"), and through
 * the knowledge base, whose entries say in callers' words which articles answer them.
 */
export function createLawLibrary(deps: { db: Kysely<any>; log: Logger; analyzer: ChineseAnalyzer; entries: EntrySearchIndex }) {
  const db = deps.db as Kysely<KnowledgeTables>;
  const index = new Bm25Index<TLawArticle>(deps.analyzer, FIELDS);
  const byKey = new Map<string, TLawArticle>();

  /** Imports the texts that are not in the database yet (by short name and version date). */
  async function importTexts(dir?: string): Promise<{ laws: number; articles: number }> {
    const texts = readLawFolder(dir);
    let laws = 0;
    let articles = 0;
    for (const t of texts) {
      const exists = await db.selectFrom('kb_law').select('id').where('short', '=', t.catalog.short).where('version_date', '=', t.versionDate).executeTakeFirst();
      if (exists) continue;
      await db.transaction().execute(async (trx) => {
        const law = await trx
          .insertInto('kb_law')
          .values({ short: t.catalog.short, title: t.title, kind: t.catalog.kind, doc_number: t.catalog.docNumber ?? null, version_date: t.versionDate, header: t.header, preamble: t.preamble })
          .returning('id')
          .executeTakeFirstOrThrow();
        const rows = t.articles.map((a) => {
          const s = SUPERSESSIONS.find((x) => x.law === t.catalog.short && a.number !== null && x.articles.includes(a.number));
          return {
            law_id: law.id,
            number: a.number,
            label: a.label,
            chapter: a.chapter,
            section: a.section,
            text: a.text,
            superseded_note: s?.note ?? null,
            superseded_by_law: s?.by?.law ?? null,
            superseded_by_article: s?.by?.article ?? null,
            superseded_source: s?.source ?? null,
          };
        });
        for (let i = 0; i < rows.length; i += 200) await trx.insertInto('kb_law_article').values(rows.slice(i, i + 200)).execute();
        await recordAudit(trx, SYSTEM_ACTOR, { action: 'knowledge.law_import', entityType: 'kb_law', entityId: law.id, after: { short: t.catalog.short, title: t.title, versionDate: t.versionDate, articles: rows.length } });
      });
      laws++;
      articles += t.articles.length;
    }
    if (laws) deps.log.info({ laws, articles }, 'law texts imported');
    await markSupersessions();
    await load();
    return { laws, articles };
  }

  /**
   * Brings the marks of overtaken articles in line with the catalog, for texts imported before a
   * mark was added to it (or taken out): the catalog shipped with the code is what they must say.
   */
  async function markSupersessions() {
    const rows = await db
      .selectFrom('kb_law_article as a')
      .innerJoin('kb_law as l', 'l.id', 'a.law_id')
      .select(['a.id', 'a.number', 'l.short', 'a.superseded_note', 'a.superseded_by_law', 'a.superseded_by_article', 'a.superseded_source'])
      .execute();
    let changed = 0;
    for (const r of rows) {
      const s = SUPERSESSIONS.find((x) => x.law === r.short && r.number !== null && x.articles.includes(r.number));
      const want = { superseded_note: s?.note ?? null, superseded_by_law: s?.by?.law ?? null, superseded_by_article: s?.by?.article ?? null, superseded_source: s?.source ?? null };
      const have = { superseded_note: r.superseded_note, superseded_by_law: r.superseded_by_law, superseded_by_article: r.superseded_by_article, superseded_source: r.superseded_source };
      if (JSON.stringify(want) === JSON.stringify(have)) continue;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('kb_law_article').set(want).where('id', '=', r.id).execute();
        await recordAudit(trx, SYSTEM_ACTOR, { action: 'knowledge.law_supersession', entityType: 'kb_law_article', entityId: r.id, before: have, after: want });
      });
      changed++;
    }
    if (changed) deps.log.info({ articles: changed }, 'marks of overtaken articles brought in line with the catalog');
  }

  /** Loads the newest version of every law into memory and the search index. */
  async function load() {
    const rows = await db
      .selectFrom('kb_law_article as a')
      .innerJoin('kb_law as l', 'l.id', 'a.law_id')
      .select(['l.short', 'l.title', 'l.version_date', 'a.number', 'a.label', 'a.chapter', 'a.section', 'a.text', 'a.superseded_note', 'a.superseded_by_law', 'a.superseded_by_article', 'a.superseded_source'])
      .orderBy('l.short')
      .orderBy('l.version_date', 'desc')
      .orderBy('a.id')
      .execute();
    const newest = new Map<string, string>();
    for (const r of rows) if (!newest.has(r.short)) newest.set(r.short, r.version_date);
    byKey.clear();
    for (const r of rows) {
      if (newest.get(r.short) !== r.version_date) continue;
      const article: TLawArticle = {
        law: r.short,
        lawTitle: r.title,
        article: r.number,
        label: r.label,
        chapter: [r.chapter, r.section].filter(Boolean).join(' ') || null,
        versionDate: r.version_date,
        text: r.text,
        superseded: r.superseded_note ? { note: r.superseded_note, byLaw: r.superseded_by_law, byArticle: r.superseded_by_article, source: r.superseded_source } : null,
      };
      const key = articleKey(r.short, r.number, r.label);
      byKey.set(key, article);
      index.put(key, { text: r.text, where: `${r.title} ${r.chapter ?? ''} ${r.section ?? ''}` }, article);
    }
  }

  function laws() {
    const out = new Map<string, { short: string; title: string; versionDate: string; articleCount: number }>();
    for (const a of byKey.values()) {
      const l = out.get(a.law) ?? { short: a.law, title: a.lawTitle, versionDate: a.versionDate, articleCount: 0 };
      l.articleCount++;
      out.set(a.law, l);
    }
    return [...out.values()];
  }

  function article(law: string, number: number): TLawArticle | undefined {
    return byKey.get(articleKey(law, number, ''));
  }

  function articlesOf(law: string): TLawArticle[] {
    return [...byKey.values()].filter((a) => a.law === law);
  }

  /** Articles best first for a question in a lay person's words. */
  function search(q: string, limit: number, law?: string) {
    const accept = law ? (a: TLawArticle) => a.law === law : undefined;
    const direct = index.search(q, { limit: 200, accept });
    const scores = new Map<string, number>();
    const top = direct[0]?.score ?? 0;
    for (const d of direct) scores.set(d.id, top ? d.score / top : 0);
    // The bridge: articles cited by the knowledge entries that best match the question. An article
    // takes the best bridge it gets plus a quarter of the others: several strong entries agreeing on
    // an article is a signal (the article a whole topic rests on), but weak entries are dropped below
    // and the agreement bonus stays small, so a common article does not outvote the text.
    const entries = deps.entries.search(q, 'citizen', 5, (e) => e.status === 'published');
    const topEntry = entries[0]?.score ?? 0;
    const queryTerms = new Set(deps.analyzer.terms(q)).size || 1;
    const bridged = new Map<string, { best: number; sum: number }>();
    for (const e of entries) {
      // Trust an entry as far as it matches: relative to the best entry, and by the share of the
      // question's words it contains (a weak best match must not speak for the law).
      const relative = (e.score / topEntry) * Math.min(1, e.matched.size / queryTerms / 0.6);
      if (relative < 0.5) continue;
      for (const b of e.meta.content.legalBasis) {
        const key = articleKey(b.law, b.article, '');
        const a = byKey.get(key);
        if (!a || (accept && !accept(a))) continue;
        const w = BRIDGE_WEIGHT * relative;
        const seen = bridged.get(key) ?? { best: 0, sum: 0 };
        bridged.set(key, { best: Math.max(seen.best, w), sum: seen.sum + w });
      }
    }
    for (const [key, w] of bridged) scores.set(key, (scores.get(key) ?? 0) + w.best + AGREEMENT_SHARE * (w.sum - w.best));
    // What applies now outranks what it replaced: an overtaken article lends its score to its successor.
    const best = Math.max(0, ...scores.values());
    for (const [key, score] of [...scores.entries()]) {
      const s = byKey.get(key)?.superseded;
      if (!s) continue;
      scores.set(key, score * SUPERSEDED_FACTOR);
      // Only a strong match speaks for its successor; a weak one would drag in unrelated policy.
      if (score >= 0.6 * best && s.byLaw && s.byArticle !== null) {
        const next = articleKey(s.byLaw, s.byArticle, '');
        if (byKey.has(next) && (!accept || accept(byKey.get(next)!))) scores.set(next, (scores.get(next) ?? 0) + score * (1 - SUPERSEDED_FACTOR));
      }
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, score]) => ({ ...byKey.get(key)!, score: Math.round(score * 1000) / 1000 }));
  }

  return { importTexts, load, laws, article, articlesOf, search, get size() { return byKey.size; } };
}

export type LawLibrary = ReturnType<typeof createLawLibrary>;

const articleKey = (law: string, number: number | null, label: string) => `${law}#${number ?? label}`;
