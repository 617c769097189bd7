import { sql, type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { MigrationSet } from '../../platform/db/migrations.js';
import type { TCenter, TCenterLevel, TDepartment, TWorkingHours } from '../../shared/api/centers.js';

export type CentersTables = {
  center: {
    id: Generated<number>;
    code: string;
    name: string;
    short_name: string;
    level: TCenterLevel;
    parent_id: number | null;
    area_codes: string[];
    working_hours: TWorkingHours;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  department: {
    id: Generated<number>;
    center_id: number;
    name: string;
    duties: string;
    active: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
};

type Db = Kysely<CentersTables> | Transaction<CentersTables>;
type CenterRow = Selectable<CentersTables['center']>;
type DepartmentRow = Selectable<CentersTables['department']>;

export function toCenter(r: CenterRow): TCenter {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    level: r.level,
    parentId: r.parent_id,
    areaCodes: r.area_codes,
    workingHours: r.working_hours,
    active: r.active,
  };
}

export function toDepartment(r: DepartmentRow): TDepartment {
  return { id: r.id, centerId: r.center_id, name: r.name, duties: r.duties, active: r.active };
}

export const centersRepository = {
  all(db: Db) {
    return db.selectFrom('center').selectAll().orderBy('id').execute();
  },
  byId(db: Db, id: number) {
    return db.selectFrom('center').selectAll().where('id', '=', id).executeTakeFirst();
  },
  byCode(db: Db, code: string) {
    return db.selectFrom('center').selectAll().where('code', '=', code).executeTakeFirst();
  },
  insert(db: Db, values: Omit<CentersTables['center'], 'id' | 'active' | 'created_at' | 'updated_at'>) {
    return db
      .insertInto('center')
      .values({ ...values, area_codes: sql`${sql.val(values.area_codes)}::text[]`, working_hours: JSON.stringify(values.working_hours) as any })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  update(db: Db, id: number, values: Partial<Pick<CenterRow, 'name' | 'short_name' | 'area_codes' | 'working_hours' | 'active'>>) {
    const set: Record<string, unknown> = { ...values, updated_at: sql`now()` };
    if (values.area_codes) set.area_codes = sql`${sql.val(values.area_codes)}::text[]`;
    if (values.working_hours) set.working_hours = JSON.stringify(values.working_hours);
    return db.updateTable('center').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  },
  departments(db: Db, centerId: number) {
    return db.selectFrom('department').selectAll().where('center_id', '=', centerId).orderBy('id').execute();
  },
  departmentById(db: Db, id: number) {
    return db.selectFrom('department').selectAll().where('id', '=', id).executeTakeFirst();
  },
  departmentByName(db: Db, centerId: number, name: string) {
    return db.selectFrom('department').selectAll().where('center_id', '=', centerId).where('name', '=', name).executeTakeFirst();
  },
  insertDepartment(db: Db, values: { center_id: number; name: string; duties: string }) {
    return db.insertInto('department').values(values).returningAll().executeTakeFirstOrThrow();
  },
  updateDepartment(db: Db, id: number, values: Partial<Pick<DepartmentRow, 'name' | 'duties' | 'active'>>) {
    return db
      .updateTable('department')
      .set({ ...values, updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },
};

export const centersMigrations: MigrationSet = {
  '20261124T0120_centers_center_department': {
    async up(db) {
      await db.schema
        .createTable('center')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('province', 'city', 'county')`))
        .addColumn('parent_id', 'integer', (c) => c.references('center.id'))
        .addColumn('area_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
        .addColumn('working_hours', 'jsonb', (c) => c.notNull())
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addCheckConstraint('center_root_is_province', sql`(parent_id is null) = (level = 'province')`)
        .execute();
      // One province center per platform: the root of the hierarchy.
      await sql`create unique index center_single_root on center ((true)) where parent_id is null`.execute(db);
      await db.schema.createIndex('center_parent_idx').on('center').column('parent_id').execute();
      await db.schema
        .createTable('department')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('center_id', 'integer', (c) => c.notNull().references('center.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('duties', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('department_center_name_unique', ['center_id', 'name'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('department').execute();
      await db.schema.dropTable('center').execute();
    },
  },
};
