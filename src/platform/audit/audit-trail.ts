import { sql, type Kysely, type Transaction } from 'kysely';
import type { MigrationSet } from '../db/migrations.js';

/**
 * The audit trail: every write records who, when, what, and the values before and after, in the
 * same transaction as the write (pass the transaction). The table is append-only: a trigger refuses
 * UPDATE, DELETE and TRUNCATE on it.
 */
export type AuditActor = {
  userId: number | null;
  /** Username, or `system` / `cli` for writes not made by a signed-in person. */
  name: string;
  requestId?: string | null;
  ip?: string | null;
};

export const SYSTEM_ACTOR: AuditActor = { userId: null, name: 'system' };

export type AuditRecord = {
  /** Verb-noun in the module's words: `user.create`, `center.update`, `calendar.day_set`. */
  action: string;
  entityType: string;
  entityId: string | number | null;
  /** The center the record belongs to, so audit queries can be scoped. */
  centerId?: number | null;
  before?: unknown;
  after?: unknown;
};

export type AuditTables = {
  audit_log: {
    id: import('kysely').Generated<number>;
    at: import('kysely').Generated<Date>;
    actor_id: number | null;
    actor_name: string;
    action: string;
    entity_type: string;
    entity_id: string | null;
    center_id: number | null;
    before: unknown;
    after: unknown;
    request_id: string | null;
    ip: string | null;
  };
};

const SECRET_KEYS = /password|token|secret|hash/i;

/** Keeps secrets (password hashes, tokens) out of the trail. */
function scrub(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(scrub);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : scrub(v)]),
    );
  }
  return value;
}

export async function recordAudit(trx: Transaction<any> | Kysely<any>, actor: AuditActor, record: AuditRecord) {
  await (trx as Kysely<AuditTables>)
    .insertInto('audit_log')
    .values({
      actor_id: actor.userId,
      actor_name: actor.name,
      action: record.action,
      entity_type: record.entityType,
      entity_id: record.entityId === null ? null : String(record.entityId),
      center_id: record.centerId ?? null,
      before: JSON.stringify(scrub(record.before)),
      after: JSON.stringify(scrub(record.after)),
      request_id: actor.requestId ?? null,
      ip: actor.ip ?? null,
    })
    .execute();
}

export const auditMigrations: MigrationSet = {
  '20261124T0100_platform_audit_log': {
    async up(db) {
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('center_id', 'integer')
        .addColumn('before', 'jsonb')
        .addColumn('after', 'jsonb')
        .addColumn('request_id', 'text')
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
      await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();
      await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor_id').execute();
      await sql`
        create function audit_log_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'audit_log is append-only (% refused)', tg_op using errcode = '42501';
        end $$`.execute(db);
      await sql`create trigger audit_log_no_update before update or delete on audit_log
        for each row execute function audit_log_append_only()`.execute(db);
      await sql`create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function audit_log_append_only()`.execute(db);
    },
    async down(db) {
      await db.schema.dropTable('audit_log').execute();
      await sql`drop function audit_log_append_only`.execute(db);
    },
  },
};
