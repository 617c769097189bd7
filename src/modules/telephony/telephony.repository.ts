import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '../../platform/db/migrations.js';
import type { CallDirection, CallOutcome } from './call-control.js';

/**
 * The telephony module's tables: one call-detail record per call (written once, when it ends),
 * the agents' phone accounts (SIP credentials as HA1, never the password) and the prompts a
 * center uploaded in place of the synthesised ones.
 */
export type TelephonyTables = {
  call_record: {
    id: string;
    direction: CallDirection;
    caller_number: string | null;
    called_number: string;
    agent_extension: string | null;
    started_at: Date;
    answered_at: Date | null;
    bridged_at: Date | null;
    ended_at: Date;
    outcome: CallOutcome;
    hangup_by: 'caller' | 'agent' | 'platform';
    hangup_cause: string | null;
    recording_path: string | null;
    recording_ms: number | null;
    voice_message_path: string | null;
    sip_call_id: string | null;
    rtp_packets_in: number;
    rtp_packets_out: number;
  };
  phone_account: {
    id: number;
    extension: string;
    center_id: number;
    display_name: string;
    ha1: string;
    enabled: boolean;
    created_at: Date;
    updated_at: Date;
  };
  telephony_prompt: {
    center_id: number;
    name: string;
    wav: Buffer;
    duration_ms: number;
    uploaded_by: string;
    uploaded_at: Date;
  };
};

export type CallDetailRecord = {
  id: string;
  direction: CallDirection;
  callerNumber: string | null;
  calledNumber: string;
  agentExtension: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  bridgedAt: Date | null;
  endedAt: Date;
  outcome: CallOutcome;
  hangupBy: 'caller' | 'agent' | 'platform';
  hangupCause: string | null;
  recordingPath: string | null;
  recordingMs: number | null;
  voiceMessagePath: string | null;
  sipCallId: string | null;
  rtpPacketsIn: number;
  rtpPacketsOut: number;
};

type Db = Kysely<TelephonyTables>;

export const callRecordsRepository = {
  insert(db: Kysely<any>, r: CallDetailRecord) {
    return (db as Db)
      .insertInto('call_record')
      .values({
        id: r.id,
        direction: r.direction,
        caller_number: r.callerNumber,
        called_number: r.calledNumber,
        agent_extension: r.agentExtension,
        started_at: r.startedAt,
        answered_at: r.answeredAt,
        bridged_at: r.bridgedAt,
        ended_at: r.endedAt,
        outcome: r.outcome,
        hangup_by: r.hangupBy,
        hangup_cause: r.hangupCause,
        recording_path: r.recordingPath,
        recording_ms: r.recordingMs,
        voice_message_path: r.voiceMessagePath,
        sip_call_id: r.sipCallId,
        rtp_packets_in: r.rtpPacketsIn,
        rtp_packets_out: r.rtpPacketsOut,
      })
      .execute();
  },
  list(db: Kysely<any>, filter: { from?: Date; to?: Date; outcome?: CallOutcome; limit: number; offset: number }) {
    let q = (db as Db).selectFrom('call_record').selectAll();
    if (filter.from) q = q.where('started_at', '>=', filter.from);
    if (filter.to) q = q.where('started_at', '<', filter.to);
    if (filter.outcome) q = q.where('outcome', '=', filter.outcome);
    return q.orderBy('started_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
  },
  byId(db: Kysely<any>, id: string) {
    return (db as Db).selectFrom('call_record').selectAll().where('id', '=', id).executeTakeFirst();
  },
};

export const phoneAccountsRepository = {
  byExtension(db: Kysely<any>, extension: string) {
    return (db as Db).selectFrom('phone_account').selectAll().where('extension', '=', extension).executeTakeFirst();
  },
  byId(db: Kysely<any>, id: number) {
    return (db as Db).selectFrom('phone_account').selectAll().where('id', '=', id).executeTakeFirst();
  },
  list(db: Kysely<any>, centerIds: readonly number[] | null) {
    let q = (db as Db).selectFrom('phone_account').selectAll();
    if (centerIds) q = q.where('center_id', 'in', centerIds.length ? centerIds : [-1]);
    return q.orderBy('extension').execute();
  },
  insert(db: Kysely<any>, row: Omit<TelephonyTables['phone_account'], 'id'>) {
    return (db as Db).insertInto('phone_account').values(row as never).returningAll().executeTakeFirstOrThrow();
  },
  update(db: Kysely<any>, id: number, values: Partial<Pick<TelephonyTables['phone_account'], 'display_name' | 'ha1' | 'enabled' | 'updated_at'>>) {
    return (db as Db).updateTable('phone_account').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  },
};

export const promptsRepository = {
  all(db: Kysely<any>) {
    return (db as Db).selectFrom('telephony_prompt').selectAll().execute();
  },
  one(db: Kysely<any>, centerId: number, name: string) {
    return (db as Db).selectFrom('telephony_prompt').selectAll().where('center_id', '=', centerId).where('name', '=', name).executeTakeFirst();
  },
  async upsert(db: Kysely<any>, row: TelephonyTables['telephony_prompt']) {
    await (db as Db).deleteFrom('telephony_prompt').where('center_id', '=', row.center_id).where('name', '=', row.name).execute();
    await (db as Db).insertInto('telephony_prompt').values(row).execute();
  },
  remove(db: Kysely<any>, centerId: number, name: string) {
    return (db as Db).deleteFrom('telephony_prompt').where('center_id', '=', centerId).where('name', '=', name).executeTakeFirst();
  },
};

export const telephonyMigrations: MigrationSet = {
  '20261202T0300_telephony_tables': {
    async up(db) {
      await db.schema
        .createTable('call_record')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('inbound', 'outbound', 'internal')`))
        .addColumn('caller_number', 'text')
        .addColumn('called_number', 'text', (c) => c.notNull())
        .addColumn('agent_extension', 'text')
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('answered_at', 'timestamptz')
        .addColumn('bridged_at', 'timestamptz')
        .addColumn('ended_at', 'timestamptz', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('hangup_by', 'text', (c) => c.notNull())
        .addColumn('hangup_cause', 'text')
        .addColumn('recording_path', 'text')
        .addColumn('recording_ms', 'integer')
        .addColumn('voice_message_path', 'text')
        .addColumn('sip_call_id', 'text')
        .addColumn('rtp_packets_in', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rtp_packets_out', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('call_record_started').on('call_record').column('started_at').execute();
      await db.schema
        .createTable('phone_account')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('extension', 'text', (c) => c.notNull().unique().check(sql`extension ~ '^[0-9]{3,6}$'`))
        .addColumn('center_id', 'integer', (c) => c.notNull().references('center.id'))
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('ha1', 'text', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('telephony_prompt')
        .addColumn('center_id', 'integer', (c) => c.notNull().references('center.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('wav', 'bytea', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('telephony_prompt_pk', ['center_id', 'name'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('telephony_prompt').execute();
      await db.schema.dropTable('phone_account').execute();
      await db.schema.dropTable('call_record').execute();
    },
  },
};
