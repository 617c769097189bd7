import { randomUUID } from 'node:crypto';
import { diffChars, diffArrays } from 'diff';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit, type AuditActor } from '../../platform/audit/audit-trail.js';
import { shanghaiDate, shanghaiInstant, addDays, type Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { AppError, conflict, fieldError, notFound } from '../../platform/http/app-error.js';
import { canSeeCenter, type Principal } from '../../platform/http/access.js';
import type { ChineseAnalyzer } from '../../platform/text/chinese-analyzer.js';
import type {
  TBulletin,
  TEntry,
  TEntryContent,
  TEntryListItem,
  TEntryListQuery,
  TEntryVersion,
  TFieldDiff,
  TPublicEntry,
} from '../../shared/api/knowledge.js';
import type { CentersService } from '../centers/index.js';
import { knowledgeRepository as repo, type EntryRow, type KnowledgeTables, type VersionRow } from './knowledge.repository.js';
import { createEntrySearchIndex, type IndexedEntry } from './search/entry-search-index.js';

declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    /** An entry's working or published version changed; every node refreshes its search index. */
    'knowledge.entry_changed': {
      entryId: number;
      change: 'created' | 'saved' | 'submitted' | 'sent_back' | 'published' | 'archived';
      /** The node that made the change (and already reindexed); other nodes reindex on receipt. */
      origin?: string;
    };
  }
}

export type KnowledgeDeps = {
  db: Kysely<any>;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  centers: CentersService;
  analyzer: ChineseAnalyzer;
};

/** Who may write entries, and who may approve another editor's work (BRIEF: knowledge editor, team lead). */
export const EDITOR_ROLES = ['knowledge_editor', 'team_lead', 'admin'] as const;
export const REVIEWER_ROLES = ['knowledge_editor', 'team_lead'] as const;

/**
 * Knowledge entries and their editorial workflow: draft → in review → published → archived.
 * Editing a published entry starts a new version; citizens keep seeing the published one until the
 * new version is approved. Every write is audited in its transaction.
 */
export function createKnowledgeService(deps: KnowledgeDeps) {
  const db = deps.db as Kysely<KnowledgeTables>;
  const index = createEntrySearchIndex(deps.analyzer);
  const today = () => shanghaiDate(deps.clock.now());

  // ---- centers (regions) --------------------------------------------------------------------
  // Cached: searches run many times a second and centers change a few times a year. The cache is
  // dropped when any node changes a center (see app.ts).
  let centersCache: Promise<Awaited<ReturnType<CentersService['all']>>> | null = null;
  const centersAll = () => (centersCache ??= deps.centers.all().catch((err) => {
    centersCache = null;
    throw err;
  }));
  const chainCache = new Map<number, Promise<number[]>>();
  function invalidateCenters() {
    centersCache = null;
    chainCache.clear();
  }
  async function regionNames(): Promise<Map<number, string>> {
    return new Map((await centersAll()).map((c) => [c.id, c.shortName]));
  }

  // ---- index maintenance ---------------------------------------------------------------------
  const nodeId = randomUUID();

  async function reindexEntry(entryId: number) {
    const entry = await repo.entry(db, entryId);
    index.removeEntry(entryId);
    if (entry) indexRows(entry, await repo.currentVersions(db, [entryId]));
    notifyPublished(entryId);
  }

  // Readers of the published knowledge (the answering engine) keep their own indexes in step.
  const publishedListeners: ((entryId: number, content: TEntryContent | undefined) => void)[] = [];
  function notifyPublished(entryId: number) {
    const content = index.doc(entryId, 'citizen')?.content;
    for (const listener of publishedListeners) listener(entryId, content);
  }

  function indexRows(entry: EntryRow, versions: VersionRow[]) {
    const working = versions.find((v) => v.entry_id === entry.id && v.version === entry.working_version);
    const updatedAt = entry.updated_at.getTime();
    if (working) index.put({ entryId: entry.id, audience: 'staff', status: entry.status, content: working.content, updatedAt });
    if (entry.published_version !== null && entry.status !== 'archived') {
      const published = versions.find((v) => v.entry_id === entry.id && v.version === entry.published_version);
      if (published) index.put({ entryId: entry.id, audience: 'citizen', status: 'published', content: published.content, updatedAt });
    }
  }

  async function rebuildIndex() {
    const [entries, versions] = await Promise.all([repo.allEntries(db), repo.currentVersions(db)]);
    const byEntry = new Map<number, VersionRow[]>();
    for (const v of versions) byEntry.set(v.entry_id, [...(byEntry.get(v.entry_id) ?? []), v]);
    for (const e of entries) {
      index.removeEntry(e.id);
      indexRows(e, byEntry.get(e.id) ?? []);
      notifyPublished(e.id);
    }
    deps.log.info({ entries: entries.length, documents: index.size }, 'knowledge search index built');
  }

  async function changed(entryId: number, change: Parameters<typeof deps.bus.publish<'knowledge.entry_changed'>>[1]['change'], centerId: number | null) {
    await reindexEntry(entryId);
    await deps.bus.publish('knowledge.entry_changed', { entryId, change, origin: nodeId }, { centerId });
  }

  /** A change made on any node: reindex, unless this node made it (and reindexed already). */
  async function onEntryChanged(event: { entryId: number; origin?: string }) {
    if (event.origin !== nodeId) await reindexEntry(event.entryId);
  }

  // ---- reading ------------------------------------------------------------------------------
  async function toEntry(row: EntryRow, names?: Map<number, string>): Promise<TEntry> {
    const working = await repo.version(db, row.id, row.working_version);
    if (!working) throw new Error(`entry ${row.id} has no version ${row.working_version}`);
    const regions = names ?? (await regionNames());
    return {
      id: row.id,
      key: row.key,
      status: row.status,
      version: row.working_version,
      publishedVersion: row.published_version,
      content: working.content,
      regionName: row.region_center_id ? (regions.get(row.region_center_id) ?? null) : null,
      reviewComment: row.review_comment,
      submittedBy: row.submitted_by,
      updatedBy: row.updated_by,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      publishedAt: row.published_at?.toISOString() ?? null,
      hits: row.hits,
      useful: row.useful,
      notUseful: row.not_useful,
      liveForCitizens: row.published_version !== null && row.status !== 'archived' && (await liveVersionValid(row)),
    };
  }

  async function liveVersionValid(row: EntryRow) {
    if (row.published_version === null) return false;
    const v = row.published_version === row.working_version ? await repo.version(db, row.id, row.working_version) : await repo.version(db, row.id, row.published_version);
    return !!v && isValidOn(v.content, today());
  }

  async function get(id: number): Promise<TEntry> {
    const row = await repo.entry(db, id);
    if (!row) throw notFound('知识条目', 'Knowledge entry');
    return toEntry(row);
  }

  /** The published version as staff without editing rights see it; 404 when nothing is published. */
  async function getPublished(id: number): Promise<TEntry> {
    const row = await repo.entry(db, id);
    if (!row || row.published_version === null || row.status === 'archived') throw notFound('知识条目', 'Knowledge entry');
    const entry = await toEntry({ ...row, working_version: row.published_version, status: 'published' });
    return { ...entry, reviewComment: null, submittedBy: null };
  }

  /**
   * Lists entries for staff. Editors see working versions (drafts included); other staff, such as
   * agents, see published versions only, expired ones included (citizens never see those).
   */
  async function list(query: TEntryListQuery, audience: IndexedEntry['audience'] = 'staff'): Promise<{ items: TEntryListItem[]; total: number }> {
    const names = await regionNames();
    const day = today();
    const accept = (d: IndexedEntry) => matchesFilters(d, query, day);
    let page: { meta: IndexedEntry; score?: number; matched: Set<string> }[];
    let total: number;
    if (query.q) {
      const found = index.searchPage(query.q, audience, (query.page - 1) * query.pageSize, query.pageSize, accept);
      page = found.items;
      total = found.total;
    } else {
      const docs = [...index.docs(audience)].filter(accept).sort((a, b) => b.updatedAt - a.updatedAt);
      page = docs.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((meta) => ({ meta, matched: new Set<string>() }));
      total = docs.length;
    }
    const rows = new Map((await repo.entries(db, page.map((d) => d.meta.entryId))).map((r) => [r.id, r]));
    const items = page.flatMap(({ meta, score, matched }) => {
      const row = rows.get(meta.entryId);
      if (!row) return [];
      const c = meta.content;
      const item: TEntryListItem = {
        id: row.id,
        status: meta.status,
        version: row.working_version,
        publishedVersion: row.published_version,
        library: c.library,
        businessLine: c.businessLine,
        regionCenterId: c.regionCenterId,
        regionName: c.regionCenterId ? (names.get(c.regionCenterId) ?? null) : null,
        title: c.title,
        question: c.question,
        shortAnswer: c.shortAnswer,
        topics: c.topics,
        validFrom: c.validFrom,
        validTo: c.validTo,
        updatedAt: row.updated_at.toISOString(),
        updatedBy: row.updated_by,
        hits: row.hits,
        ...(score !== undefined ? { score: Math.round(score * 1000) / 1000, highlights: index.highlights(c, matched) } : {}),
      };
      return [item];
    });
    return { items, total };
  }

  async function versions(id: number): Promise<TEntryVersion[]> {
    await get(id);
    return (await repo.versions(db, id)).map((v) => ({
      version: v.version,
      content: v.content,
      authorName: v.author_name,
      createdAt: v.created_at.toISOString(),
      changeNote: v.change_note,
      publishedAt: v.published_at?.toISOString() ?? null,
    }));
  }

  async function diff(id: number, from: number, to: number): Promise<TFieldDiff[]> {
    const [a, b] = await Promise.all([repo.version(db, id, from), repo.version(db, id, to)]);
    if (!a) throw fieldError('query.from', 'not_found', `版本 ${from} 不存在`, `version ${from} not found`);
    if (!b) throw fieldError('query.to', 'not_found', `版本 ${to} 不存在`, `version ${to} not found`);
    return diffContent(a.content, b.content);
  }

  // ---- writing ------------------------------------------------------------------------------
  async function assertRegion(principal: Principal | null, content: TEntryContent) {
    if (content.regionCenterId !== null) {
      const all = await centersAll();
      if (!all.some((c) => c.id === content.regionCenterId)) {
        throw fieldError('body.content.regionCenterId', 'not_found', '适用地区不存在', 'region center not found');
      }
    }
    if (!principal) return;
    // National entries are the province's; a city edits its own region and below.
    if (content.regionCenterId === null ? !principal.scope.all : !canSeeCenter(principal.scope, content.regionCenterId)) {
      throw new AppError('OUT_OF_SCOPE', '只能编辑本中心及下级地区的知识条目(全国性条目由省中心维护)', 'Entry region outside your scope');
    }
  }

  async function assertWritable(principal: Principal | null, row: EntryRow) {
    if (!principal) return;
    if (row.region_center_id === null ? !principal.scope.all : !canSeeCenter(principal.scope, row.region_center_id)) {
      throw new AppError('OUT_OF_SCOPE', '该条目不属于您所在中心的管辖范围', 'Entry outside your scope');
    }
  }

  async function create(actor: AuditActor, principal: Principal | null, content: TEntryContent, options: { key?: string | null; changeNote?: string } = {}) {
    await assertRegion(principal, content);
    if (options.key && (await repo.entryByKey(db, options.key))) throw conflict(`编号 ${options.key} 已存在`, 'key exists', { field: 'key' });
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await repo.insertEntry(trx, {
        key: options.key ?? null,
        status: 'draft',
        working_version: 1,
        published_version: null,
        library: content.library,
        business_line: content.businessLine,
        region_center_id: content.regionCenterId,
        review_comment: null,
        submitted_by: null,
        submitted_by_id: null,
        updated_by: actor.name,
        published_at: null,
      });
      // Every entry has a key, so an export re-imports onto the same entries.
      const entry = inserted.key ? inserted : await repo.updateEntry(trx, inserted.id, { key: `kb-${inserted.id}` });
      await repo.insertVersion(trx, { entry_id: entry.id, version: 1, content, author_id: actor.userId, author_name: actor.name, change_note: options.changeNote ?? null, published_at: null, published_by: null });
      await recordAudit(trx, actor, { action: 'knowledge.entry_create', entityType: 'kb_entry', entityId: entry.id, centerId: content.regionCenterId, after: { status: 'draft', version: 1, content } });
      return entry;
    });
    await changed(row.id, 'created', content.regionCenterId);
    return get(row.id);
  }

  /** Saves the working copy: edits the unpublished draft in place, or starts a new version. */
  async function save(actor: AuditActor, principal: Principal | null, id: number, content: TEntryContent, changeNote?: string) {
    await assertRegion(principal, content);
    const row = await db.transaction().execute(async (trx) => {
      const before = await repo.entryForUpdate(trx, id);
      if (!before) throw notFound('知识条目', 'Knowledge entry');
      await assertWritable(principal, before);
      if (before.status === 'in_review') throw conflict('条目正在审核中,请先由审核人退回再修改', 'Entry is in review');
      const working = await repo.version(trx, id, before.working_version);
      let version = before.working_version;
      if (working && working.published_at === null) {
        await repo.replaceVersionContent(trx, id, version, content, actor.userId, actor.name, changeNote ?? null);
      } else {
        version += 1;
        await repo.insertVersion(trx, { entry_id: id, version, content, author_id: actor.userId, author_name: actor.name, change_note: changeNote ?? null, published_at: null, published_by: null });
      }
      const after = await repo.updateEntry(trx, id, {
        status: 'draft',
        working_version: version,
        library: content.library,
        business_line: content.businessLine,
        region_center_id: content.regionCenterId,
        updated_by: actor.name,
      });
      await recordAudit(trx, actor, {
        action: 'knowledge.entry_save',
        entityType: 'kb_entry',
        entityId: id,
        centerId: content.regionCenterId,
        before: { status: before.status, version: before.working_version, content: working?.content },
        after: { status: 'draft', version, content },
      });
      return after;
    });
    await changed(id, 'saved', row.region_center_id);
    return get(id);
  }

  async function transition(
    actor: AuditActor,
    principal: Principal | null,
    id: number,
    action: 'submit' | 'approve' | 'send_back' | 'archive',
    comment?: string,
  ) {
    const row = await db.transaction().execute(async (trx) => {
      const before = await repo.entryForUpdate(trx, id);
      if (!before) throw notFound('知识条目', 'Knowledge entry');
      await assertWritable(principal, before);
      const working = (await repo.version(trx, id, before.working_version))!;
      let after: EntryRow;
      if (action === 'submit') {
        if (before.status !== 'draft') throw conflict('只有草稿可以提交审核', 'Only a draft can be submitted');
        after = await repo.updateEntry(trx, id, { status: 'in_review', submitted_by: actor.name, submitted_by_id: actor.userId, review_comment: null, updated_by: actor.name });
      } else if (action === 'approve') {
        if (before.status !== 'in_review') throw conflict('只有待审核的条目可以审核通过', 'Only an entry in review can be approved');
        // Four eyes: the reviewer is neither the one who submitted nor the author of this version.
        if (actor.userId !== null && (actor.userId === before.submitted_by_id || actor.userId === working.author_id)) {
          throw new AppError('FORBIDDEN', '不能审核自己提交或编写的条目,请由另一位知识库管理员或业务组长审核', 'A second person must approve');
        }
        await repo.markVersionPublished(trx, id, before.working_version, actor.name, deps.clock.now());
        after = await repo.updateEntry(trx, id, {
          status: 'published',
          published_version: before.working_version,
          published_at: deps.clock.now(),
          review_comment: comment ?? null,
          updated_by: actor.name,
        });
      } else if (action === 'send_back') {
        if (before.status !== 'in_review') throw conflict('只有待审核的条目可以退回', 'Only an entry in review can be sent back');
        after = await repo.updateEntry(trx, id, { status: 'draft', review_comment: comment ?? null, updated_by: actor.name });
      } else {
        if (before.status === 'archived') throw conflict('条目已归档', 'Already archived');
        if (before.status === 'in_review') throw conflict('条目正在审核中,不能归档', 'Entry is in review');
        after = await repo.updateEntry(trx, id, { status: 'archived', updated_by: actor.name });
      }
      await recordAudit(trx, actor, {
        action: `knowledge.entry_${action}`,
        entityType: 'kb_entry',
        entityId: id,
        centerId: before.region_center_id,
        before: { status: before.status, version: before.working_version, publishedVersion: before.published_version },
        after: { status: after.status, version: after.working_version, publishedVersion: after.published_version, comment: comment ?? null },
      });
      return after;
    });
    const change = action === 'submit' ? 'submitted' : action === 'approve' ? 'published' : action === 'send_back' ? 'sent_back' : 'archived';
    await changed(id, change, row.region_center_id);
    return get(id);
  }

  /**
   * Creates or updates an entry by key inside a transaction. `publish` publishes at once, bypassing
   * review: for the starter content shipped with the platform and for imports a team lead or
   * administrator publishes. Otherwise the content becomes the working draft. An identical re-run
   * changes nothing, so re-importing a file creates no duplicates and no new versions.
   */
  async function upsertByKey(
    trx: Transaction<KnowledgeTables>,
    actor: AuditActor,
    key: string,
    content: TEntryContent,
    mode: 'publish' | 'draft',
    action: string,
  ): Promise<{ id: number; what: 'created' | 'updated' | 'unchanged' }> {
    const now = deps.clock.now();
    const published = mode === 'publish';
    const existing = await repo.entryByKey(trx, key);
    if (!existing) {
      const entry = await repo.insertEntry(trx, {
        key,
        status: published ? 'published' : 'draft',
        working_version: 1,
        published_version: published ? 1 : null,
        library: content.library,
        business_line: content.businessLine,
        region_center_id: content.regionCenterId,
        review_comment: null,
        submitted_by: null,
        submitted_by_id: null,
        updated_by: actor.name,
        published_at: published ? now : null,
      });
      await repo.insertVersion(trx, { entry_id: entry.id, version: 1, content, author_id: actor.userId, author_name: actor.name, change_note: action, published_at: published ? now : null, published_by: published ? actor.name : null });
      await recordAudit(trx, actor, { action, entityType: 'kb_entry', entityId: entry.id, centerId: content.regionCenterId, after: { status: entry.status, version: 1, key, content } });
      return { id: entry.id, what: 'created' };
    }
    if (existing.status === 'in_review') throw conflict(`条目 ${key} 正在审核中`, `Entry ${key} is in review`, { key });
    const working = await repo.version(trx, existing.id, existing.working_version);
    const wantStatus = published ? 'published' : existing.status === 'archived' ? 'draft' : existing.status;
    if (working && sameContent(working.content, content) && (!published || existing.status === 'published')) return { id: existing.id, what: 'unchanged' };
    let version = existing.working_version;
    if (!published && working && working.published_at === null) {
      await repo.replaceVersionContent(trx, existing.id, version, content, actor.userId, actor.name, action);
    } else {
      version += 1;
      await repo.insertVersion(trx, { entry_id: existing.id, version, content, author_id: actor.userId, author_name: actor.name, change_note: action, published_at: published ? now : null, published_by: published ? actor.name : null });
    }
    await repo.updateEntry(trx, existing.id, {
      status: published ? 'published' : wantStatus === 'published' ? 'draft' : wantStatus,
      working_version: version,
      ...(published ? { published_version: version, published_at: now } : {}),
      library: content.library,
      business_line: content.businessLine,
      region_center_id: content.regionCenterId,
      updated_by: actor.name,
    });
    await recordAudit(trx, actor, {
      action,
      entityType: 'kb_entry',
      entityId: existing.id,
      centerId: content.regionCenterId,
      before: { status: existing.status, version: existing.working_version, content: working?.content },
      after: { status: published ? 'published' : 'draft', version, content },
    });
    return { id: existing.id, what: 'updated' };
  }

  async function upsertPublished(actor: AuditActor, key: string, content: TEntryContent, action: string) {
    const result = await db.transaction().execute((trx) => upsertByKey(trx, actor, key, content, 'publish', action));
    if (result.what !== 'unchanged') await changed(result.id, 'published', content.regionCenterId);
    return result.what;
  }

  /** Applies a checked import in one transaction: every row or none. */
  async function importBatch(actor: AuditActor, items: readonly { key: string; content: TEntryContent }[], mode: 'publish' | 'draft') {
    const results = await db.transaction().execute(async (trx) => {
      const out: { id: number; what: 'created' | 'updated' | 'unchanged'; centerId: number | null }[] = [];
      for (const item of items) out.push({ ...(await upsertByKey(trx, actor, item.key, item.content, mode, 'knowledge.entry_import')), centerId: item.content.regionCenterId });
      return out;
    });
    for (const r of results) if (r.what !== 'unchanged') await changed(r.id, mode === 'publish' ? 'published' : 'saved', r.centerId);
    return results;
  }

  /** Status of entries by external key, for checking an import before it runs. */
  async function statusByKeys(keys: readonly string[]) {
    if (keys.length === 0) return new Map<string, EntryRow['status']>();
    const rows = await db.selectFrom('kb_entry').select(['key', 'status']).where('key', 'in', keys as string[]).execute();
    return new Map(rows.map((r) => [r.key!, r.status]));
  }

  async function createPublishedIfMissing(actor: AuditActor, key: string, content: TEntryContent, action: string) {
    if (await repo.entryByKey(db, key)) return 'exists' as const;
    return upsertPublished(actor, key, content, action);
  }

  // ---- citizens -------------------------------------------------------------------------------
  /** The caller's region chain, nearest first, from a center code; empty for an unknown code. */
  async function regionChain(regionCode: string | undefined): Promise<number[]> {
    if (!regionCode) return [];
    const center = (await centersAll()).find((c) => c.code === regionCode);
    if (!center) return [];
    let chain = chainCache.get(center.id);
    if (!chain) chainCache.set(center.id, (chain = deps.centers.chainOf(center.id)));
    return chain;
  }

  /**
   * Published, valid entries for a caller of a region, best first. A local entry overrides the
   * national (or provincial) one on the same topic: of the entries sharing a topic, only the one
   * nearest to the caller's region is kept.
   */
  async function publicSearch(q: string, regionCode: string | undefined, limit: number) {
    const chain = await regionChain(regionCode);
    const day = today();
    const hits = index.search(q, 'citizen', Math.max(50, limit * 5), (d) => isValidOn(d.content, day) && inChain(d.content.regionCenterId, chain));
    const kept = applyRegionOverride(hits.map((h) => ({ ...h, content: h.meta.content })), chain);
    const codes = new Map((await centersAll()).map((c) => [c.id, c.code]));
    return kept.slice(0, limit).map((h) => ({ score: h.score, entry: toPublic(h.meta.entryId, h.content, codes), matched: h.matched }));
  }

  async function publicEntry(id: number, regionCode?: string): Promise<TPublicEntry> {
    const row = await repo.entry(db, id);
    if (!row || row.published_version === null || row.status === 'archived') throw notFound('知识条目', 'Knowledge entry');
    const v = await repo.version(db, id, row.published_version);
    if (!v || !isValidOn(v.content, today())) throw notFound('知识条目', 'Knowledge entry');
    if (regionCode !== undefined && !inChain(v.content.regionCenterId, await regionChain(regionCode))) throw notFound('知识条目', 'Knowledge entry');
    await repo.addHit(db, id);
    const codes = new Map((await centersAll()).map((c) => [c.id, c.code]));
    return toPublic(id, v.content, codes, row.published_at);
  }

  async function feedback(id: number, input: { useful: boolean; comment?: string; channel: string }) {
    const row = await repo.entry(db, id);
    if (!row || row.published_version === null) throw notFound('知识条目', 'Knowledge entry');
    await repo.addFeedback(db, { entry_id: id, version: row.published_version, useful: input.useful, comment: input.comment ?? null, channel: input.channel });
  }

  // ---- bulletin ---------------------------------------------------------------------------------
  /** New and changed knowledge published on a day (Shanghai), for the morning briefing. */
  async function bulletin(date: string): Promise<TBulletin> {
    const from = shanghaiInstant(date, '00:00');
    const to = shanghaiInstant(addDays(date, 1), '00:00');
    const names = await regionNames();
    const rows = await repo.publishedBetween(db, from, to);
    const items: TBulletin['items'] = [];
    for (const r of rows) {
      const previous = r.version > 1 ? await previousPublished(r.entry_id, r.version) : undefined;
      const changedFields = previous ? diffContent(previous.content, r.content).map((d) => d.field) : [];
      if (previous && changedFields.length === 0) continue;
      items.push({
        id: r.entry_id,
        change: previous ? 'changed' : 'new',
        version: r.version,
        title: r.content.title,
        question: r.content.question,
        shortAnswer: r.content.shortAnswer,
        library: r.content.library,
        businessLine: r.content.businessLine,
        regionName: r.content.regionCenterId ? (names.get(r.content.regionCenterId) ?? null) : null,
        publishedAt: r.published_at!.toISOString(),
        publishedBy: r.published_by ?? '',
        changeNote: r.change_note,
        changedFields,
      });
    }
    return { date, items };
  }

  async function previousPublished(entryId: number, version: number) {
    const all = await repo.versions(db, entryId);
    return all.find((v) => v.version < version && v.published_at !== null);
  }

  return {
    rebuildIndex,
    reindexEntry,
    invalidateCenters,
    get,
    getPublished,
    list,
    versions,
    diff,
    create,
    save,
    submit: (a: AuditActor, p: Principal | null, id: number) => transition(a, p, id, 'submit'),
    approve: (a: AuditActor, p: Principal | null, id: number, comment?: string) => transition(a, p, id, 'approve', comment),
    sendBack: (a: AuditActor, p: Principal | null, id: number, comment: string) => transition(a, p, id, 'send_back', comment),
    archive: (a: AuditActor, p: Principal | null, id: number) => transition(a, p, id, 'archive'),
    upsertPublished,
    createPublishedIfMissing,
    importBatch,
    statusByKeys,
    publicSearch,
    publicEntry,
    feedback,
    bulletin,
    regionChain,
    onEntryChanged,
    searchIndex: index,
    /**
     * The published knowledge citizens may read, for the answering engine: every entry now, and each
     * change as it is indexed (content undefined: no longer published).
     */
    publishedKnowledge: {
      *entries(): Generator<{ entryId: number; content: TEntryContent }> {
        for (const d of index.docs('citizen')) yield { entryId: d.entryId, content: d.content };
      },
      onChange(listener: (entryId: number, content: TEntryContent | undefined) => void) {
        publishedListeners.push(listener);
      },
    },
    /** Entries by id with their working content, for export. */
    async entriesForExport(query: TEntryListQuery) {
      const { total } = await list({ ...query, page: 1, pageSize: 1 });
      const all = await list({ ...query, page: 1, pageSize: Math.max(1, total) });
      const rows = new Map((await repo.entries(db, all.items.map((i) => i.id))).map((r) => [r.id, r]));
      return all.items.map((i) => ({ row: rows.get(i.id)!, content: index.doc(i.id, 'staff')!.content }));
    },
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;

// ---- pure helpers -------------------------------------------------------------------------------
export function isValidOn(c: Pick<TEntryContent, 'validFrom' | 'validTo'>, day: string) {
  return (!c.validFrom || c.validFrom <= day) && (!c.validTo || day <= c.validTo);
}

export function inChain(regionCenterId: number | null, chain: readonly number[]) {
  return regionCenterId === null || chain.includes(regionCenterId);
}

/** Of results sharing a topic, keeps the one whose region is nearest the caller (national last). */
export function applyRegionOverride<T extends { content: Pick<TEntryContent, 'topics' | 'regionCenterId'> }>(results: T[], chain: readonly number[]): T[] {
  const rank = (r: number | null) => (r === null ? chain.length : chain.indexOf(r));
  const best = new Map<string, number>();
  for (const r of results) for (const t of r.content.topics) best.set(t, Math.min(best.get(t) ?? Infinity, rank(r.content.regionCenterId)));
  return results.filter((r) => r.content.topics.length === 0 || r.content.topics.some((t) => rank(r.content.regionCenterId) <= best.get(t)!));
}

function matchesFilters(d: IndexedEntry, q: TEntryListQuery, day: string) {
  const c = d.content;
  if (q.library?.length && !q.library.includes(c.library)) return false;
  if (q.businessLine?.length && !q.businessLine.includes(c.businessLine)) return false;
  if (q.status?.length && !q.status.includes(d.status)) return false;
  if (q.region === 'national' && c.regionCenterId !== null) return false;
  if (typeof q.region === 'number' && c.regionCenterId !== q.region) return false;
  if (q.topic && !c.topics.includes(q.topic)) return false;
  if (q.validity === 'current' && !isValidOn(c, day)) return false;
  if (q.validity === 'expired' && !(c.validTo && c.validTo < day)) return false;
  if (q.validity === 'future' && !(c.validFrom && c.validFrom > day)) return false;
  return true;
}

function toPublic(id: number, c: TEntryContent, codes: Map<number, string>, publishedAt?: Date | null): TPublicEntry {
  return {
    id,
    library: c.library,
    businessLine: c.businessLine,
    region: c.regionCenterId ? (codes.get(c.regionCenterId) ?? null) : null,
    title: c.title,
    question: c.question,
    shortAnswer: c.shortAnswer,
    fullAnswer: c.fullAnswer,
    legalBasis: c.legalBasis,
    topics: c.topics,
    localFigures: c.localFigures,
    updatedAt: (publishedAt ?? new Date(0)).toISOString(),
  };
}

const TEXT_FIELDS = ['title', 'question', 'shortAnswer', 'fullAnswer', 'figuresNote'] as const;
const LIST_FIELDS = ['similarQuestions', 'keywords', 'topics', 'sources'] as const;
const VALUE_FIELDS = ['library', 'businessLine', 'regionCenterId', 'localFigures', 'validFrom', 'validTo'] as const;

export function diffContent(a: TEntryContent, b: TEntryContent): TFieldDiff[] {
  const out: TFieldDiff[] = [];
  for (const f of TEXT_FIELDS) {
    const x = a[f] ?? '';
    const y = b[f] ?? '';
    if (x !== y) out.push({ field: f, parts: diffChars(x, y).map(({ value, added, removed }) => ({ value, added, removed })) });
  }
  for (const f of LIST_FIELDS) {
    const x = a[f] ?? [];
    const y = b[f] ?? [];
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ field: f, parts: diffArrays(x, y).map(({ value, added, removed }) => ({ value: value.join('\n') + '\n', added, removed })) });
  }
  const basis = (c: TEntryContent) => c.legalBasis.map((l) => `${l.law} 第${l.article}条${l.note ? ` (${l.note})` : ''}`);
  if (JSON.stringify(basis(a)) !== JSON.stringify(basis(b))) {
    out.push({ field: 'legalBasis', parts: diffArrays(basis(a), basis(b)).map(({ value, added, removed }) => ({ value: value.join('\n') + '\n', added, removed })) });
  }
  for (const f of VALUE_FIELDS) {
    if (a[f] !== b[f]) out.push({ field: f, parts: [{ value: String(a[f] ?? ''), removed: true }, { value: String(b[f] ?? ''), added: true }] });
  }
  return out;
}

function sameContent(a: TEntryContent, b: TEntryContent) {
  return diffContent(normalizeContent(a), normalizeContent(b)).length === 0;
}

function normalizeContent(c: TEntryContent): TEntryContent {
  return { ...c, figuresNote: c.figuresNote ?? null, validFrom: c.validFrom ?? null, validTo: c.validTo ?? null };
}
