import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import type { TDayKind } from '../../shared/api/calendar.js';
import type { SourceDay } from './chinese-days-source.js';

export type CalendarTables = {
  calendar_year: { year: number; source: string; loaded_at: Generated<Date>; loaded_by: string };
  calendar_day: { date: string; kind: TDayKind; name: string | null; source: string; updated_at: Generated<Date> };
  calendar_center_day: {
    center_id: number;
    date: string;
    kind: TDayKind;
    name: string | null;
    source: string;
    updated_at: Generated<Date>;
  };
};

type Db = Kysely<CalendarTables> | Transaction<CalendarTables>;

export const calendarRepository = {
  loadedYears(db: Db) {
    return db.selectFrom('calendar_year').selectAll().orderBy('year').execute();
  },
  async insertYear(db: Db, year: number, source: string, loadedBy: string, days: SourceDay[]) {
    await db.insertInto('calendar_year').values({ year, source, loaded_by: loadedBy }).execute();
    for (let i = 0; i < days.length; i += 200) {
      await db.insertInto('calendar_day').values(days.slice(i, i + 200)).execute();
    }
  },
  daysBetween(db: Db, from: string, to: string) {
    return db.selectFrom('calendar_day').selectAll().where('date', '>=', from).where('date', '<=', to).orderBy('date').execute();
  },
  centerDaysBetween(db: Db, centerIds: number[], from: string, to: string) {
    if (centerIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('calendar_center_day')
      .selectAll()
      .where('center_id', 'in', centerIds)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute();
  },
  findDay(db: Db, date: string) {
    return db.selectFrom('calendar_day').selectAll().where('date', '=', date).executeTakeFirst();
  },
  updateDay(db: Db, date: string, values: { kind: TDayKind; name: string | null; source: string }) {
    return db.updateTable('calendar_day').set({ ...values, updated_at: sql`now()` }).where('date', '=', date).execute();
  },
  findCenterDay(db: Db, centerId: number, date: string) {
    return db.selectFrom('calendar_center_day').selectAll().where('center_id', '=', centerId).where('date', '=', date).executeTakeFirst();
  },
  upsertCenterDay(db: Db, centerId: number, date: string, values: { kind: TDayKind; name: string | null; source: string }) {
    return db
      .insertInto('calendar_center_day')
      .values({ center_id: centerId, date, ...values })
      .onConflict((oc) => oc.columns(['center_id', 'date']).doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute();
  },
  deleteCenterDay(db: Db, centerId: number, date: string) {
    return db.deleteFrom('calendar_center_day').where('center_id', '=', centerId).where('date', '=', date).execute();
  },
};

export const calendarMigrations = {
  '20261124T0110_platform_calendar': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('calendar_year')
        .addColumn('year', 'integer', (c) => c.primaryKey().check(sql`year between 1990 and 2200`))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('loaded_by', 'text', (c) => c.notNull())
        .execute();
      const kindCheck = sql`kind in ('workday', 'rest_day', 'holiday', 'makeup_workday')`;
      await db.schema
        .createTable('calendar_day')
        .addColumn('date', 'date', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull().check(kindCheck))
        .addColumn('name', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // A center's own days (a local holiday such as an autonomous prefecture's founding day) override the
      // national calendar for that center and the centers below it.
      await db.schema
        .createTable('calendar_center_day')
        .addColumn('center_id', 'integer', (c) => c.notNull())
        .addColumn('date', 'date', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(kindCheck))
        .addColumn('name', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('calendar_center_day_pk', ['center_id', 'date'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('calendar_center_day').execute();
      await db.schema.dropTable('calendar_day').execute();
      await db.schema.dropTable('calendar_year').execute();
    },
  },
};
