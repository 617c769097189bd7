import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../db/database.js';

for (const target of testDatabaseTargets()) {
  describe(`audit trail (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    let admin: string;
    let changchun: number;
    before(async () => {
      db = await target.open();
      app = await startTestApp(db);
      admin = await app.login('admin');
      changchun = (await app.request('GET', '/api/v1/centers', { token: admin })).body.items.find((c: any) => c.code === 'jl-changchun').id;
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    it('records who, when, what and before/after of an update, without secrets', async () => {
      const created = await app.request('POST', '/api/v1/users', {
        token: admin,
        body: { username: 'audit.me', displayName: '李四', password: 'Audit-pass-2026', roles: ['agent'], centerId: changchun },
      });
      assert.equal(created.status, 201);
      const upd = await app.request('PATCH', `/api/v1/users/${created.body.id}`, { token: admin, body: { displayName: '李四四', roles: ['agent', 'team_lead'] } });
      assert.equal(upd.status, 200);

      const res = await app.request('GET', `/api/v1/audit?entityType=staff_user&entityId=${created.body.id}`, { token: admin });
      assert.equal(res.status, 200);
      const [update, create] = res.body.items;
      assert.equal(update.action, 'user.update');
      assert.equal(update.actorName, 'admin');
      assert.ok(update.actorId > 0);
      assert.equal(update.before.display_name, '李四');
      assert.equal(update.after.display_name, '李四四');
      assert.deepEqual(update.after.roles, ['agent', 'team_lead']);
      assert.ok(update.requestId);
      assert.equal(create.action, 'user.create');
      assert.equal(create.before, null);
      assert.ok(!JSON.stringify(res.body).includes('argon2'), 'no password hash in the trail');
    });

    it('the write and its audit row commit together: a refused write leaves neither', async () => {
      const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db.db)).rows[0]!.n);
      const before = await count();
      const dup = await app.request('POST', '/api/v1/users', {
        token: admin,
        body: { username: 'audit.me', displayName: '重复', password: 'Audit-pass-2026', roles: ['agent'], centerId: changchun },
      });
      assert.equal(dup.status, 409);
      const badDept = await app.request('POST', `/api/v1/centers/${changchun}/departments`, { token: admin, body: { name: '长春市就业服务局', duties: '' } });
      assert.equal(badDept.status, 409);
      assert.equal(await count(), before);
    });

    it('a failure while writing the audit row rolls back the write itself', async () => {
      const before = (await app.request('GET', `/api/v1/centers/${changchun}`, { token: admin })).body;
      // Make the audit insert fail for this one center: the center update must not survive it.
      await sql`create function audit_fail_for_test() returns trigger language plpgsql as $$
        begin if new.action = 'center.update' and new.entity_id = ${sql.lit(String(changchun))} then raise exception 'audit unavailable'; end if; return new; end $$`.execute(db.db);
      await sql`create trigger audit_fail_for_test before insert on audit_log for each row execute function audit_fail_for_test()`.execute(db.db);
      try {
        const res = await app.request('PATCH', `/api/v1/centers/${changchun}`, { token: admin, body: { shortName: '改过的名字' } });
        assert.equal(res.status, 500);
        assert.equal(res.body.error.code, 'INTERNAL');
      } finally {
        await sql`drop trigger audit_fail_for_test on audit_log`.execute(db.db);
        await sql`drop function audit_fail_for_test`.execute(db.db);
      }
      const afterwards = (await app.request('GET', `/api/v1/centers/${changchun}`, { token: admin })).body;
      assert.deepEqual(afterwards, before);
    });

    it('refuses to leave the platform without an active administrator', async () => {
      const me = (await app.request('GET', '/api/v1/auth/me', { token: admin })).body;
      const res = await app.request('PATCH', `/api/v1/users/${me.id}`, { token: admin, body: { roles: ['leader'] } });
      assert.equal(res.status, 409);
      assert.deepEqual((await app.request('GET', '/api/v1/auth/me', { token: admin })).body.roles, ['admin']);
    });

    it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
      await assert.rejects(sql`update audit_log set actor_name = 'someone else'`.execute(db.db), /append-only/);
      await assert.rejects(sql`delete from audit_log`.execute(db.db), /append-only/);
      await assert.rejects(sql`truncate audit_log`.execute(db.db), /append-only/);
    });

    it('records sign-in, failed sign-in and lockout', async () => {
      await app.request('POST', '/api/v1/auth/login', { body: { username: 'qa.cc', password: 'wrong-password' } });
      const res = await app.request('GET', '/api/v1/audit?action=auth.', { token: admin });
      const actions = new Set(res.body.items.map((e: any) => e.action));
      assert.ok(actions.has('auth.login'));
      assert.ok(actions.has('auth.login_failed'));
    });

    it('filters by action, actor and date (Shanghai dates) and pages', async () => {
      const all = await app.request('GET', '/api/v1/audit?pageSize=5', { token: admin });
      assert.equal(all.body.items.length, 5);
      assert.ok(all.body.total > 5);
      const page2 = await app.request('GET', '/api/v1/audit?pageSize=5&page=2', { token: admin });
      assert.ok(page2.body.items[0].id < all.body.items[4].id);
      const centers = await app.request('GET', '/api/v1/audit?action=center.create', { token: admin });
      assert.equal(centers.body.total, 12);
      assert.ok(centers.body.items.every((e: any) => e.actorName === 'system'));
      const future = await app.request('GET', '/api/v1/audit?from=2099-01-01', { token: admin });
      assert.equal(future.body.total, 0);
      const bad = await app.request('GET', '/api/v1/audit?from=2026-13-01', { token: admin });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.fields[0].field, 'querystring.from');
    });

    it("a leader may read it; a city leader would see only its centers' entries", async () => {
      const leader = await app.login('leader');
      assert.equal((await app.request('GET', '/api/v1/audit', { token: leader })).status, 200);
      const agent = await app.login('agent.cc');
      assert.equal((await app.request('GET', '/api/v1/audit', { token: agent })).status, 403);
    });
  });
}
