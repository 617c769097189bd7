import type { AuditActor } from '../../../platform/audit/audit-trail.js';
import type { TEntryContent } from '../../../shared/api/knowledge.js';
import type { CentersService } from '../../centers/index.js';
import type { KnowledgeService } from '../knowledge.service.js';
import { loadStarterContent } from './starter-content.js';
import type { TStarterEntry } from './starter-entry.js';

/**
 * Publishes the starter content on a database that lacks it. Entries are keyed `starter:<key>`;
 * one that exists is left alone, because from then on the center owns it (its editors may have
 * changed it). Regional entries are seeded only when their demo center exists.
 */
export async function seedStarterKnowledge(deps: { knowledge: KnowledgeService; centers: CentersService }, actor: AuditActor) {
  const centerIds = new Map((await deps.centers.all()).map((c) => [c.code, c.id]));
  let created = 0;
  let skipped = 0;
  for (const e of loadStarterContent()) {
    const regionCenterId = e.region === null ? null : centerIds.get(e.region);
    if (regionCenterId === undefined) {
      skipped++;
      continue;
    }
    const what = await deps.knowledge.createPublishedIfMissing(actor, `starter:${e.key}`, starterContent(e, regionCenterId), 'knowledge.starter_seed');
    if (what === 'created') created++;
  }
  return { created, skippedRegional: skipped };
}

export function starterContent(e: TStarterEntry, regionCenterId: number | null): TEntryContent {
  return {
    library: e.library,
    businessLine: e.businessLine,
    regionCenterId,
    title: e.title,
    question: e.question,
    similarQuestions: e.similarQuestions,
    shortAnswer: e.shortAnswer,
    fullAnswer: e.fullAnswer,
    legalBasis: e.legalBasis,
    sources: e.sources,
    topics: e.topics,
    keywords: e.keywords,
    localFigures: e.localFigures,
    figuresNote: e.figuresNote ?? null,
    validFrom: e.validFrom ?? null,
    validTo: e.validTo ?? null,
  };
}
