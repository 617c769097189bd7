import { sql, type Generated, type Kysely } from 'kysely';
import type { MigrationSet } from '../../../platform/db/migrations.js';

/**
 * Live chat between a citizen on the chat page and an agent: the conversation, its messages, and
 * which agents are taking chats right now (a heartbeat, so an agent who closes the tab drops out).
 * In the database, not in memory, so that any node of a province serves both sides.
 */
export type LiveChatTables = {
  live_chat: {
    id: Generated<number>;
    /** sha256 of the citizen's secret: the citizen's side needs no account. */
    token_hash: string;
    session_id: string | null;
    region_center_id: number | null;
    question: string;
    status: 'waiting' | 'active' | 'closed';
    agent_id: number | null;
    agent_name: string | null;
    created_at: Date;
    accepted_at: Date | null;
    closed_at: Date | null;
    closed_by: string | null;
  };
  live_chat_message: {
    id: Generated<number>;
    chat_id: number;
    at: Date;
    sender: 'citizen' | 'agent' | 'system';
    text: string;
  };
  live_chat_agent: {
    user_id: number;
    display_name: string;
    center_id: number;
    available_until: Date;
  };
};

export type LiveChatRow = Omit<LiveChatTables['live_chat'], 'id'> & { id: number };
export type LiveChatMessageRow = Omit<LiveChatTables['live_chat_message'], 'id'> & { id: number };

type Db = Kysely<any>;
const q = (db: Db) => db as Kysely<LiveChatTables>;

export const liveChatRepository = {
  create(db: Db, row: Omit<LiveChatRow, 'id'>): Promise<LiveChatRow> {
    return q(db).insertInto('live_chat').values(row).returningAll().executeTakeFirstOrThrow() as Promise<LiveChatRow>;
  },
  get(db: Db, id: number): Promise<LiveChatRow | undefined> {
    return q(db).selectFrom('live_chat').selectAll().where('id', '=', id).executeTakeFirst() as Promise<LiveChatRow | undefined>;
  },
  open(db: Db): Promise<LiveChatRow[]> {
    return q(db).selectFrom('live_chat').selectAll().where('status', '!=', 'closed').orderBy('created_at').execute() as Promise<LiveChatRow[]>;
  },
  /** Takes a waiting chat for an agent; only one agent can win it. */
  accept(db: Db, id: number, agentId: number, agentName: string, at: Date): Promise<LiveChatRow | undefined> {
    return q(db)
      .updateTable('live_chat')
      .set({ status: 'active', agent_id: agentId, agent_name: agentName, accepted_at: at })
      .where('id', '=', id)
      .where('status', '=', 'waiting')
      .returningAll()
      .executeTakeFirst() as Promise<LiveChatRow | undefined>;
  },
  close(db: Db, id: number, by: string, at: Date): Promise<LiveChatRow | undefined> {
    return q(db)
      .updateTable('live_chat')
      .set({ status: 'closed', closed_at: at, closed_by: by })
      .where('id', '=', id)
      .where('status', '!=', 'closed')
      .returningAll()
      .executeTakeFirst() as Promise<LiveChatRow | undefined>;
  },
  addMessage(db: Db, row: Omit<LiveChatMessageRow, 'id'>): Promise<LiveChatMessageRow> {
    return q(db).insertInto('live_chat_message').values(row).returningAll().executeTakeFirstOrThrow() as Promise<LiveChatMessageRow>;
  },
  messages(db: Db, chatId: number, afterId: number): Promise<LiveChatMessageRow[]> {
    return q(db).selectFrom('live_chat_message').selectAll().where('chat_id', '=', chatId).where('id', '>', afterId).orderBy('id').limit(200).execute() as Promise<LiveChatMessageRow[]>;
  },
  async setAvailability(db: Db, row: LiveChatTables['live_chat_agent']) {
    await q(db)
      .insertInto('live_chat_agent')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ display_name: row.display_name, center_id: row.center_id, available_until: row.available_until }))
      .execute();
  },
  availableAgents(db: Db, now: Date): Promise<LiveChatTables['live_chat_agent'][]> {
    return q(db).selectFrom('live_chat_agent').selectAll().where('available_until', '>', now).execute();
  },
};

export const liveChatMigrations: MigrationSet = {
  '20261202T0200_live_chat': {
    async up(db) {
      await db.schema
        .createTable('live_chat')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('region_center_id', 'integer', (c) => c.references('center.id'))
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('waiting', 'active', 'closed')`))
        .addColumn('agent_id', 'integer', (c) => c.references('staff_user.id'))
        .addColumn('agent_name', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('accepted_at', 'timestamptz')
        .addColumn('closed_at', 'timestamptz')
        .addColumn('closed_by', 'text')
        .execute();
      await db.schema.createIndex('live_chat_status').on('live_chat').column('status').execute();
      await db.schema
        .createTable('live_chat_message')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('chat_id', 'integer', (c) => c.notNull().references('live_chat.id'))
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull().check(sql`sender in ('citizen', 'agent', 'system')`))
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('live_chat_message_chat').on('live_chat_message').columns(['chat_id', 'id']).execute();
      await db.schema
        .createTable('live_chat_agent')
        .addColumn('user_id', 'integer', (c) => c.primaryKey().references('staff_user.id'))
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('center_id', 'integer', (c) => c.notNull().references('center.id'))
        .addColumn('available_until', 'timestamptz', (c) => c.notNull())
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('live_chat_agent').execute();
      await db.schema.dropTable('live_chat_message').execute();
      await db.schema.dropTable('live_chat').execute();
    },
  },
};
