import { sql, type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { MigrationSet } from '../../platform/db/migrations.js';
import type { Role } from '../../shared/roles.js';

export type AccountsTables = {
  staff_user: {
    id: Generated<number>;
    username: string;
    display_name: string;
    password_hash: string;
    roles: Role[];
    center_id: number;
    department_id: number | null;
    staff_no: string | null;
    phone: string | null;
    active: Generated<boolean>;
    failed_logins: Generated<number>;
    locked_until: Date | null;
    last_login_at: Date | null;
    must_change_password: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  staff_session: {
    id: Generated<number>;
    token_hash: string;
    user_id: number;
    created_at: Generated<Date>;
    expires_at: Date;
    revoked_at: Date | null;
    ip: string | null;
    user_agent: string | null;
  };
};

export type UserRow = Selectable<AccountsTables['staff_user']>;
type Db = Kysely<AccountsTables> | Transaction<AccountsTables>;

const textArray = (values: string[]) => sql<string[]>`${sql.val(values)}::text[]`;

export const accountsRepository = {
  userById(db: Db, id: number) {
    return db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
  },
  userByUsername(db: Db, username: string) {
    return db.selectFrom('staff_user').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
  },
  async listUsers(
    db: Db,
    filter: { centerIds: number[] | null; centerId?: number; role?: Role; q?: string; offset: number; limit: number },
  ) {
    let query = db.selectFrom('staff_user');
    if (filter.centerIds) query = query.where('center_id', 'in', filter.centerIds.length ? filter.centerIds : [-1]);
    if (filter.centerId) query = query.where('center_id', '=', filter.centerId);
    if (filter.role) query = query.where(sql<boolean>`${filter.role} = any(roles)`);
    if (filter.q) {
      const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like), eb('staff_no', 'ilike', like)]));
    }
    const [{ total }] = (await query.select((eb) => eb.fn.countAll<number>().as('total')).execute()) as [{ total: number }];
    const items = await query.selectAll().orderBy('center_id').orderBy('id').offset(filter.offset).limit(filter.limit).execute();
    return { items, total: Number(total) };
  },
  countActiveAdmins(db: Db) {
    return db
      .selectFrom('staff_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('active', '=', true)
      .where(sql<boolean>`'admin' = any(roles)`)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  },
  insertUser(db: Db, values: Omit<AccountsTables['staff_user'], 'id' | 'active' | 'failed_logins' | 'locked_until' | 'last_login_at' | 'must_change_password' | 'created_at' | 'updated_at'> & { must_change_password?: boolean }) {
    return db
      .insertInto('staff_user')
      .values({ ...values, roles: textArray(values.roles) as any })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
  updateUser(db: Db, id: number, values: Partial<Omit<UserRow, 'id' | 'created_at' | 'updated_at'>>) {
    const set: Record<string, unknown> = { ...values, updated_at: sql`now()` };
    if (values.roles) set.roles = textArray(values.roles);
    return db.updateTable('staff_user').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  },
  insertSession(db: Db, values: { token_hash: string; user_id: number; expires_at: Date; ip: string | null; user_agent: string | null }) {
    return db.insertInto('staff_session').values(values).returningAll().executeTakeFirstOrThrow();
  },
  liveSessionWithUser(db: Db, tokenHash: string, now: Date) {
    return db
      .selectFrom('staff_session as s')
      .innerJoin('staff_user as u', 'u.id', 's.user_id')
      .select(['s.id as session_id', 's.expires_at', 'u.id', 'u.username', 'u.display_name', 'u.roles', 'u.center_id', 'u.department_id', 'u.active'])
      .where('s.token_hash', '=', tokenHash)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .executeTakeFirst();
  },
  revokeSession(db: Db, sessionId: number, now: Date) {
    return db.updateTable('staff_session').set({ revoked_at: now }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
  },
  revokeUserSessions(db: Db, userId: number, now: Date) {
    return db.updateTable('staff_session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  },
};

export const accountsMigrations: MigrationSet = {
  '20261124T0130_accounts_user_session': {
    async up(db) {
      await db.schema
        .createTable('staff_user')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('roles', sql`text[]`, (c) => c.notNull().check(sql`cardinality(roles) > 0`))
        .addColumn('center_id', 'integer', (c) => c.notNull().references('center.id'))
        .addColumn('department_id', 'integer', (c) => c.references('department.id'))
        .addColumn('staff_no', 'text')
        .addColumn('phone', 'text')
        .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'timestamptz')
        .addColumn('last_login_at', 'timestamptz')
        .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await sql`create unique index staff_user_username_unique on staff_user (lower(username))`.execute(db);
      await db.schema.createIndex('staff_user_center_idx').on('staff_user').column('center_id').execute();
      await db.schema
        .createTable('staff_session')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('staff_user.id'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('revoked_at', 'timestamptz')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('staff_session_user_idx').on('staff_session').column('user_id').execute();
    },
    async down(db) {
      await db.schema.dropTable('staff_session').execute();
      await db.schema.dropTable('staff_user').execute();
    },
  },
};
