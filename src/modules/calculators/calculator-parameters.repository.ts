import { sql, type Generated, type Kysely } from 'kysely';
import type { MigrationSet } from '../../platform/db/migrations.js';

/**
 * The figures a center maintains for the calculators (average wage, minimum wage, 计发基数, base
 * limits, rates …), one row per center, key and year, each with where it was published. A null
 * center is a national figure (the national disposable income for the death subsidy).
 */
export type CalculatorTables = {
  calc_parameter: {
    id: Generated<number>;
    center_id: number | null;
    key: string;
    year: number;
    value: string;
    source: string;
    note: string | null;
    updated_at: Date;
    updated_by: string;
  };
};

type Db = Kysely<any>;
export type ParameterRow = CalculatorTables['calc_parameter'] & { id: number };

export const parametersRepository = {
  all(db: Db): Promise<ParameterRow[]> {
    return (db as Kysely<CalculatorTables>).selectFrom('calc_parameter').selectAll().orderBy('key').orderBy('center_id').orderBy('year', 'desc').execute() as Promise<ParameterRow[]>;
  },
  byId(db: Db, id: number): Promise<ParameterRow | undefined> {
    return (db as Kysely<CalculatorTables>).selectFrom('calc_parameter').selectAll().where('id', '=', id).executeTakeFirst() as Promise<ParameterRow | undefined>;
  },
  forCenters(db: Db, centerIds: readonly number[]): Promise<ParameterRow[]> {
    return (db as Kysely<CalculatorTables>)
      .selectFrom('calc_parameter')
      .selectAll()
      .where((eb) => (centerIds.length ? eb.or([eb('center_id', 'is', null), eb('center_id', 'in', centerIds)]) : eb('center_id', 'is', null)))
      .execute() as Promise<ParameterRow[]>;
  },
  find(db: Db, centerId: number | null, key: string, year: number): Promise<ParameterRow | undefined> {
    return (db as Kysely<CalculatorTables>)
      .selectFrom('calc_parameter')
      .selectAll()
      .where((eb) => (centerId === null ? eb('center_id', 'is', null) : eb('center_id', '=', centerId)))
      .where('key', '=', key)
      .where('year', '=', year)
      .executeTakeFirst() as Promise<ParameterRow | undefined>;
  },
  insert(db: Db, row: Omit<ParameterRow, 'id'>): Promise<ParameterRow> {
    return (db as Kysely<CalculatorTables>).insertInto('calc_parameter').values(row).returningAll().executeTakeFirstOrThrow() as Promise<ParameterRow>;
  },
  update(db: Db, id: number, values: Pick<ParameterRow, 'value' | 'source' | 'note' | 'updated_at' | 'updated_by'>): Promise<ParameterRow> {
    return (db as Kysely<CalculatorTables>).updateTable('calc_parameter').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow() as Promise<ParameterRow>;
  },
  remove(db: Db, id: number) {
    return (db as Kysely<CalculatorTables>).deleteFrom('calc_parameter').where('id', '=', id).execute();
  },
};

export const calculatorMigrations: MigrationSet = {
  '20261202T0100_calc_parameter': {
    async up(db) {
      await db.schema
        .createTable('calc_parameter')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('center_id', 'integer', (c) => c.references('center.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 1990 and 2100`))
        // Decimal text, never a binary float: 12345.67 stays 12345.67.
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await sql`create unique index calc_parameter_unique on calc_parameter (coalesce(center_id, 0), key, year)`.execute(db);
    },
    async down(db) {
      await db.schema.dropTable('calc_parameter').execute();
    },
  },
};
