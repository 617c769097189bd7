import { sql, type Generated, type Kysely } from 'kysely';
import type { MigrationSet } from '../../platform/db/migrations.js';

/**
 * Every question the engine was asked, with what it did: the learning loop's raw material. The
 * question is stored masked (ID and phone numbers), never as typed.
 */
export type AnsweringTables = {
  answer_log: {
    id: Generated<number>;
    asked_at: Date;
    session_id: string;
    channel: string;
    region: string | null;
    question: string;
    normalized: string;
    status: string;
    reason: string;
    entry_id: number | null;
    confidence: number;
    candidates: { entryId: number; score: number }[];
    /** 1 useful, -1 not useful, null not rated. */
    rating: number | null;
    /** Set when an editor turned it into knowledge or dismissed it. */
    resolved_at: Date | null;
    resolution: string | null;
  };
  answer_callback_request: {
    id: Generated<number>;
    requested_at: Date;
    session_id: string | null;
    region: string | null;
    phone: string;
    name: string | null;
    question: string;
    urgent: boolean;
    status: string;
  };
};

type Db = Kysely<any>;
export type AnswerLogInsert = Omit<AnsweringTables['answer_log'], 'id' | 'rating' | 'resolved_at' | 'resolution' | 'candidates'> & {
  candidates: { entryId: number; score: number }[];
};

export const questionLogRepository = {
  async insertMany(db: Db, rows: AnswerLogInsert[]) {
    if (rows.length === 0) return;
    await db
      .insertInto('answer_log')
      .values(rows.map((r) => ({ ...r, candidates: JSON.stringify(r.candidates) })))
      .execute();
  },
  async rateLastAnswer(db: Db, sessionId: string, entryId: number, rating: number): Promise<boolean> {
    const row = await db
      .selectFrom('answer_log')
      .select('id')
      .where('session_id', '=', sessionId)
      // The answer given, or one of the candidates the citizen was offered and opened.
      .where((eb) => eb.or([eb('entry_id', '=', entryId), sql<boolean>`candidates @> ${JSON.stringify([{ entryId }])}::jsonb`]))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return false;
    await db.updateTable('answer_log').set({ rating }).where('id', '=', row.id).execute();
    return true;
  },
  /** Unanswered and low-confidence questions not yet resolved, newest first. */
  async unresolved(db: Db, since: Date, maxConfidence: number, limit: number) {
    return db
      .selectFrom('answer_log')
      .selectAll()
      .where('asked_at', '>=', since)
      .where('resolved_at', 'is', null)
      .where((eb) => eb.or([eb('status', 'in', ['no_answer', 'clarify']), eb('confidence', '<', maxConfidence), eb('rating', '=', -1)]))
      .where('reason', 'not like', 'out_of_scope%')
      .where('reason', '!=', 'chit_chat')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },
  async resolve(db: Db, ids: number[], resolution: string, at: Date) {
    if (ids.length === 0) return 0;
    const r = await db.updateTable('answer_log').set({ resolved_at: at, resolution }).where('id', 'in', ids).where('resolved_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async byIds(db: Db, ids: number[]) {
    if (ids.length === 0) return [];
    return db.selectFrom('answer_log').selectAll().where('id', 'in', ids).execute();
  },
  async insertCallbackRequest(db: Db, row: Omit<AnsweringTables['answer_callback_request'], 'id'>) {
    return db.insertInto('answer_callback_request').values(row).returningAll().executeTakeFirstOrThrow();
  },
  async callbackRequests(db: Db, status: string | undefined, limit: number) {
    let q = db.selectFrom('answer_callback_request').selectAll().orderBy('urgent', 'desc').orderBy('id', 'asc').limit(limit);
    if (status) q = q.where('status', '=', status);
    return q.execute();
  },
};

export const answeringMigrations: MigrationSet = {
  '20261124T0300_answer_log': {
    async up(db) {
      await db.schema
        .createTable('answer_log')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('asked_at', 'timestamptz', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('region', 'text')
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('normalized', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('answered', 'clarify', 'no_answer', 'handoff')`))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'integer')
        .addColumn('confidence', 'real', (c) => c.notNull())
        .addColumn('candidates', 'jsonb', (c) => c.notNull())
        .addColumn('rating', 'smallint')
        .addColumn('resolved_at', 'timestamptz')
        .addColumn('resolution', 'text')
        .execute();
      await db.schema.createIndex('answer_log_asked_at').on('answer_log').column('asked_at').execute();
      await db.schema.createIndex('answer_log_session').on('answer_log').columns(['session_id', 'entry_id']).execute();
      await db.schema
        .createTable('answer_callback_request')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('region', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('urgent', 'boolean', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'done', 'cancelled')`))
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('answer_callback_request').execute();
      await db.schema.dropTable('answer_log').execute();
    },
  },
};
