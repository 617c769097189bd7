import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_MIGRATIONS, sql } from 'kysely';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import { allMigrations } from '../../../modules/registry.js';
import { migratorFor, migrateToLatest, pendingMigrations } from '../migrations.js';

for (const target of testDatabaseTargets()) {
  describe(`migrations (${target.name})`, () => {
    it('run on an empty database, are recorded, run again as a no-op, and roll back to empty', async () => {
      const database = await target.open();
      try {
        const names = Object.keys(allMigrations);
        assert.deepEqual(names, [...names].sort(), 'timestamped names sort in the order they must run');
        assert.deepEqual(await pendingMigrations(database.db, allMigrations), names);
        assert.deepEqual(await migrateToLatest(database.db, allMigrations), names);
        assert.deepEqual(await pendingMigrations(database.db, allMigrations), []);
        assert.deepEqual(await migrateToLatest(database.db, allMigrations), []);

        const tables = async () =>
          (await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public' and table_name not like 'schema_migration%' order by 1`.execute(database.db)).rows.map((r) => r.t);
        assert.deepEqual(await tables(), ['answer_callback_request', 'answer_log', 'audit_log', 'calc_parameter', 'calendar_center_day', 'calendar_day', 'calendar_year', 'call_record', 'center', 'department', 'kb_entry', 'kb_entry_version', 'kb_feedback', 'kb_law', 'kb_law_article', 'live_chat', 'live_chat_agent', 'live_chat_message', 'phone_account', 'staff_session', 'staff_user', 'telephony_prompt']);

        const migrator = migratorFor(database.db, allMigrations);
        const { error } = await migrator.migrateTo(NO_MIGRATIONS);
        assert.equal(error, undefined);
        assert.deepEqual(await tables(), []);
        assert.deepEqual(await migrateToLatest(database.db, allMigrations), names, 'and up again');
      } finally {
        await database.close();
      }
    });
  });
}
