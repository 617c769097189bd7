import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Migrations are owned by the modules (each exports `migrations`), named
 * `YYYYMMDDTHHMM_<module>_<what>` so that one sorted list gives a valid order across modules.
 */
export type MigrationSet = Record<string, Migration>;

const NAME = /^\d{8}T\d{4}_[a-z0-9_]+$/;

export function collectMigrations(sets: MigrationSet[]): MigrationSet {
  const all: MigrationSet = {};
  for (const set of sets) {
    for (const [name, migration] of Object.entries(set)) {
      if (!NAME.test(name)) throw new Error(`Migration name ${name} must look like 20261124T0100_module_what`);
      if (all[name]) throw new Error(`Two migrations are named ${name}`);
      all[name] = migration;
    }
  }
  return all;
}

function providerOf(migrations: MigrationSet): MigrationProvider {
  return { getMigrations: async () => migrations };
}

export function migratorFor(db: Kysely<any>, migrations: MigrationSet) {
  return new Migrator({
    db,
    provider: providerOf(migrations),
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
}

export async function migrateToLatest(db: Kysely<any>, migrations: MigrationSet): Promise<string[]> {
  const { error, results } = await migratorFor(db, migrations).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations the code has that the database has not run. */
export async function pendingMigrations(db: Kysely<any>, migrations: MigrationSet): Promise<string[]> {
  const infos = await migratorFor(db, migrations).getMigrations();
  return infos.filter((m) => !m.executedAt).map((m) => m.name);
}
