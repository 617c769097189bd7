import { sql, type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { MigrationSet } from '../../platform/db/migrations.js';
import type { TEntryContent } from '../../shared/api/knowledge.js';
import type { BusinessLine, EntryStatus, Library } from '../../shared/knowledge.js';

export type KnowledgeTables = {
  kb_entry: {
    id: Generated<number>;
    /** External key for idempotent import and seeding (a starter topic id, a center's own id). */
    key: string | null;
    status: EntryStatus;
    working_version: number;
    published_version: number | null;
    // Copied from the working version, for list filters.
    library: Library;
    business_line: BusinessLine;
    region_center_id: number | null;
    review_comment: string | null;
    submitted_by: string | null;
    submitted_by_id: number | null;
    updated_by: string;
    hits: Generated<number>;
    useful: Generated<number>;
    not_useful: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    published_at: Date | null;
  };
  kb_entry_version: {
    entry_id: number;
    version: number;
    content: TEntryContent;
    author_id: number | null;
    author_name: string;
    change_note: string | null;
    created_at: Generated<Date>;
    published_at: Date | null;
    published_by: string | null;
  };
  kb_feedback: {
    id: Generated<number>;
    entry_id: number;
    version: number;
    useful: boolean;
    comment: string | null;
    channel: string;
    at: Generated<Date>;
  };
  kb_law: {
    id: Generated<number>;
    short: string;
    title: string;
    kind: string;
    doc_number: string | null;
    version_date: string;
    header: string;
    preamble: string;
  };
  kb_law_article: {
    id: Generated<number>;
    law_id: number;
    number: number | null;
    label: string;
    chapter: string | null;
    section: string | null;
    text: string;
    superseded_note: string | null;
    superseded_by_law: string | null;
    superseded_by_article: number | null;
    superseded_source: string | null;
  };
};

export type Db = Kysely<KnowledgeTables> | Transaction<KnowledgeTables>;
export type EntryRow = Selectable<KnowledgeTables['kb_entry']>;
export type VersionRow = Selectable<KnowledgeTables['kb_entry_version']>;

export const knowledgeRepository = {
  entry(db: Db, id: number) {
    return db.selectFrom('kb_entry').selectAll().where('id', '=', id).executeTakeFirst();
  },
  entryForUpdate(db: Db, id: number) {
    return db.selectFrom('kb_entry').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  entryByKey(db: Db, key: string) {
    return db.selectFrom('kb_entry').selectAll().where('key', '=', key).executeTakeFirst();
  },
  entries(db: Db, ids: readonly number[]) {
    if (ids.length === 0) return Promise.resolve([] as EntryRow[]);
    return db.selectFrom('kb_entry').selectAll().where('id', 'in', ids as number[]).execute();
  },
  allEntries(db: Db) {
    return db.selectFrom('kb_entry').selectAll().orderBy('id').execute();
  },
  version(db: Db, entryId: number, version: number) {
    return db.selectFrom('kb_entry_version').selectAll().where('entry_id', '=', entryId).where('version', '=', version).executeTakeFirst();
  },
  versions(db: Db, entryId: number) {
    return db.selectFrom('kb_entry_version').selectAll().where('entry_id', '=', entryId).orderBy('version', 'desc').execute();
  },
  /** The working and the published version of every entry (or of some). */
  currentVersions(db: Db, entryIds?: readonly number[]) {
    let q = db
      .selectFrom('kb_entry_version as v')
      .innerJoin('kb_entry as e', 'e.id', 'v.entry_id')
      .selectAll('v')
      .where((eb) => eb.or([eb('v.version', '=', eb.ref('e.working_version')), eb('v.version', '=', eb.ref('e.published_version'))]));
    if (entryIds) q = q.where('v.entry_id', 'in', entryIds.length ? entryIds : [-1]);
    return q.execute();
  },
  insertEntry(db: Db, values: Omit<KnowledgeTables['kb_entry'], 'id' | 'hits' | 'useful' | 'not_useful' | 'created_at' | 'updated_at'>) {
    return db.insertInto('kb_entry').values(values).returningAll().executeTakeFirstOrThrow();
  },
  updateEntry(db: Db, id: number, values: Partial<Omit<EntryRow, 'id' | 'created_at'>>) {
    return db
      .updateTable('kb_entry')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  insertVersion(db: Db, values: Omit<KnowledgeTables['kb_entry_version'], 'created_at'>) {
    return db
      .insertInto('kb_entry_version')
      .values({ ...values, content: JSON.stringify(values.content) as any })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  replaceVersionContent(db: Db, entryId: number, version: number, content: TEntryContent, authorId: number | null, authorName: string, changeNote: string | null) {
    return db
      .updateTable('kb_entry_version')
      .set({ content: JSON.stringify(content) as any, author_id: authorId, author_name: authorName, change_note: changeNote, created_at: sql`now()` })
      .where('entry_id', '=', entryId)
      .where('version', '=', version)
      .where('published_at', 'is', null)
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  /** `at` comes from the platform clock, so the day's bulletin and tests agree on what "today" is. */
  markVersionPublished(db: Db, entryId: number, version: number, by: string, at: Date) {
    return db
      .updateTable('kb_entry_version')
      .set({ published_at: at, published_by: by })
      .where('entry_id', '=', entryId)
      .where('version', '=', version)
      .execute();
  },
  /** Versions published within [from, to), with the entry, for the daily bulletin. */
  publishedBetween(db: Db, from: Date, to: Date) {
    return db
      .selectFrom('kb_entry_version as v')
      .innerJoin('kb_entry as e', 'e.id', 'v.entry_id')
      .select(['v.entry_id', 'v.version', 'v.content', 'v.published_at', 'v.published_by', 'v.change_note', 'e.region_center_id'])
      .where('v.published_at', '>=', from)
      .where('v.published_at', '<', to)
      .orderBy('v.published_at')
      .execute();
  },
  addHit(db: Db, id: number) {
    return db.updateTable('kb_entry').set({ hits: sql`hits + 1` }).where('id', '=', id).execute();
  },
  addFeedback(db: Db, values: Omit<KnowledgeTables['kb_feedback'], 'id' | 'at'>) {
    return db.transaction().execute(async (trx) => {
      await trx.insertInto('kb_feedback').values(values).execute();
      await trx
        .updateTable('kb_entry')
        .set(values.useful ? { useful: sql`useful + 1` } : { not_useful: sql`not_useful + 1` })
        .where('id', '=', values.entry_id)
        .execute();
    });
  },
};

export const knowledgeMigrations: MigrationSet = {
  '20261124T0200_knowledge_entries': {
    async up(db) {
      await db.schema
        .createTable('kb_entry')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'in_review', 'published', 'archived')`))
        .addColumn('working_version', 'integer', (c) => c.notNull())
        .addColumn('published_version', 'integer')
        .addColumn('library', 'text', (c) => c.notNull())
        .addColumn('business_line', 'text', (c) => c.notNull())
        .addColumn('region_center_id', 'integer')
        .addColumn('review_comment', 'text')
        .addColumn('submitted_by', 'text')
        .addColumn('submitted_by_id', 'integer')
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('useful', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('not_useful', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('published_at', 'timestamptz')
        .execute();
      await db.schema.createIndex('kb_entry_status_idx').on('kb_entry').columns(['status', 'library', 'business_line']).execute();
      await db.schema
        .createTable('kb_entry_version')
        .addColumn('entry_id', 'integer', (c) => c.notNull().references('kb_entry.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content', 'jsonb', (c) => c.notNull())
        .addColumn('author_id', 'integer')
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('change_note', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('published_at', 'timestamptz')
        .addColumn('published_by', 'text')
        .addPrimaryKeyConstraint('kb_entry_version_pk', ['entry_id', 'version'])
        .execute();
      await db.schema.createIndex('kb_entry_version_published_idx').on('kb_entry_version').column('published_at').execute();
      await db.schema
        .createTable('kb_feedback')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('entry_id', 'integer', (c) => c.notNull().references('kb_entry.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('useful', 'boolean', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('kb_feedback').execute();
      await db.schema.dropTable('kb_entry_version').execute();
      await db.schema.dropTable('kb_entry').execute();
    },
  },
  '20261124T0210_knowledge_laws': {
    async up(db) {
      await db.schema
        .createTable('kb_law')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('short', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('doc_number', 'text')
        .addColumn('version_date', 'text', (c) => c.notNull())
        .addColumn('header', 'text', (c) => c.notNull())
        .addColumn('preamble', 'text', (c) => c.notNull())
        .addUniqueConstraint('kb_law_short_version_unique', ['short', 'version_date'])
        .execute();
      await db.schema
        .createTable('kb_law_article')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('law_id', 'integer', (c) => c.notNull().references('kb_law.id'))
        .addColumn('number', 'integer')
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('chapter', 'text')
        .addColumn('section', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('superseded_note', 'text')
        .addColumn('superseded_by_law', 'text')
        .addColumn('superseded_by_article', 'integer')
        .addColumn('superseded_source', 'text')
        .execute();
      await db.schema.createIndex('kb_law_article_law_idx').on('kb_law_article').columns(['law_id', 'number']).execute();
    },
    async down(db) {
      await db.schema.dropTable('kb_law_article').execute();
      await db.schema.dropTable('kb_law').execute();
    },
  },
};
