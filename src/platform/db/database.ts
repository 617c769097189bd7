import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { PGliteDialect } from './pglite-dialect.js';

/**
 * Column types are the same on both engines: `date` as a `YYYY-MM-DD` string (a calendar date has
 * no time zone), `int8`/`count(*)` as a JS number, `timestamptz` as a Date.
 */
const OID_INT8 = 20;
const OID_DATE = 1082;

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  kind: DatabaseKind;
  /** Untyped handle; modules narrow it to their own tables with `tablesOf<T>()`. */
  db: Kysely<any>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string | null }
  | { kind: 'postgres'; url: string; poolSize?: number };

export async function openDatabase(target: Config['database'] | DatabaseTarget): Promise<Database> {
  if (target.kind === 'pglite') return openPGlite(target.dataDir);
  return openPostgres(target.url, 'poolSize' in target ? (target.poolSize ?? 10) : 10);
}

async function openPGlite(dataDir: string | null): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ?? undefined, {
    parsers: { [OID_INT8]: (v: string) => Number(v), [OID_DATE]: (v: string) => v },
  });
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
  let closed = false;
  return {
    kind: 'pglite',
    db,
    async ping() {
      if (closed || pglite.closed) throw new Error('database closed');
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: any) {
      if (oid === OID_INT8) return (v: string) => Number(v);
      if (oid === OID_DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** Narrows the shared handle to the tables a module owns, so it cannot query anyone else's. */
export function tablesOf<T>(db: Kysely<any>): Kysely<T> {
  return db as Kysely<T>;
}
