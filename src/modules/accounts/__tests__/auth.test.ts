import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

for (const target of testDatabaseTargets()) {
  describe(`sign-in, sessions and lockout (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    before(async () => {
      db = await target.open();
      app = await startTestApp(db, { env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15', SESSION_TTL_HOURS: '8' } });
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    it('signs in with the right password, sets an httpOnly cookie and answers /auth/me', async () => {
      const res = await app.request('POST', '/api/v1/auth/login', { body: { username: 'agent.cc', password: 'Demo@12333' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.user.username, 'agent.cc');
      assert.deepEqual(res.body.user.roles, ['agent']);
      assert.equal(res.body.user.center.name, '长春市12333咨询服务分中心');
      assert.equal(res.body.user.seesAllCenters, false);
      const setCookie = String(res.headers['set-cookie']);
      assert.match(setCookie, /hotline_sid=/);
      assert.match(setCookie, /HttpOnly/i);
      const cookie = setCookie.split(';')[0]!;
      const me = await app.request('GET', '/api/v1/auth/me', { headers: { cookie } });
      assert.equal(me.status, 200);
      assert.equal(me.body.username, 'agent.cc');
    });

    it('usernames are case-insensitive', async () => {
      const res = await app.request('POST', '/api/v1/auth/login', { body: { username: 'AGENT.JL', password: 'Demo@12333' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.user.username, 'agent.jl');
    });

    it('refuses a wrong password and an unknown user with the same Chinese message', async () => {
      const wrong = await app.request('POST', '/api/v1/auth/login', { body: { username: 'qa.cc', password: 'nope-nope-nope' } });
      const unknown = await app.request('POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'nope-nope-nope' } });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.body.error.code, 'INVALID_CREDENTIALS');
      assert.equal(wrong.body.error.message, '用户名或密码错误');
      assert.equal(unknown.body.error.message, wrong.body.error.message);
    });

    it('locks the account after the configured number of failures, even for the right password, until the lock runs out', async () => {
      for (let i = 0; i < 2; i++) {
        const r = await app.request('POST', '/api/v1/auth/login', { body: { username: 'lead.cc', password: 'wrong-password' } });
        assert.equal(r.status, 401);
      }
      const third = await app.request('POST', '/api/v1/auth/login', { body: { username: 'lead.cc', password: 'wrong-password' } });
      assert.equal(third.status, 423);
      assert.equal(third.body.error.code, 'ACCOUNT_LOCKED');
      assert.ok(third.body.error.details.lockedUntil);
      const right = await app.request('POST', '/api/v1/auth/login', { body: { username: 'lead.cc', password: 'Demo@12333' } });
      assert.equal(right.status, 423, 'the right password does not open a locked account');

      app.clock.advance(16 * 60_000);
      const later = await app.request('POST', '/api/v1/auth/login', { body: { username: 'lead.cc', password: 'Demo@12333' } });
      assert.equal(later.status, 200);
    });

    it('an administrator can unlock a locked account at once', async () => {
      for (let i = 0; i < 3; i++) await app.request('POST', '/api/v1/auth/login', { body: { username: 'agent.na', password: 'wrong-password' } });
      const admin = await app.login('admin');
      const list = await app.request('GET', '/api/v1/users?q=agent.na', { token: admin });
      const user = list.body.items[0];
      assert.ok(user.lockedUntil, 'listed as locked');
      const unlocked = await app.request('POST', `/api/v1/users/${user.id}/unlock`, { token: admin });
      assert.equal(unlocked.status, 200);
      assert.equal(unlocked.body.lockedUntil, null);
      assert.equal((await app.request('POST', '/api/v1/auth/login', { body: { username: 'agent.na', password: 'Demo@12333' } })).status, 200);
    });

    it('logout revokes the session', async () => {
      const token = await app.login('editor');
      assert.equal((await app.request('GET', '/api/v1/auth/me', { token })).status, 200);
      assert.equal((await app.request('POST', '/api/v1/auth/logout', { token })).status, 204);
      const after = await app.request('GET', '/api/v1/auth/me', { token });
      assert.equal(after.status, 401);
      assert.equal(after.body.error.code, 'UNAUTHENTICATED');
    });

    it('sessions expire after SESSION_TTL_HOURS', async () => {
      const token = await app.login('handler.yl');
      app.clock.advance(7 * 3600_000);
      assert.equal((await app.request('GET', '/api/v1/auth/me', { token })).status, 200);
      app.clock.advance(2 * 3600_000);
      assert.equal((await app.request('GET', '/api/v1/auth/me', { token })).status, 401);
    });

    it('a password reset by an administrator revokes sessions and requires a change at next sign-in', async () => {
      const agentToken = await app.login('agent.jl');
      const admin = await app.login('admin');
      const id = (await app.request('GET', '/api/v1/users?q=agent.jl', { token: admin })).body.items[0].id;
      assert.equal((await app.request('POST', `/api/v1/users/${id}/reset-password`, { token: admin, body: { newPassword: 'Temp-pass-2026' } })).status, 204);
      assert.equal((await app.request('GET', '/api/v1/auth/me', { token: agentToken })).status, 401);
      const res = await app.request('POST', '/api/v1/auth/login', { body: { username: 'agent.jl', password: 'Temp-pass-2026' } });
      assert.equal(res.body.user.mustChangePassword, true);
      const changed = await app.request('POST', '/api/v1/auth/password', {
        token: res.body.token,
        body: { currentPassword: 'Temp-pass-2026', newPassword: 'Demo@12333' },
      });
      assert.equal(changed.status, 204);
      assert.equal((await app.request('GET', '/api/v1/auth/me', { token: res.body.token })).body.mustChangePassword, false);
    });

    it('the login route is rate-limited per client', async () => {
      let limited = 0;
      for (let i = 0; i < 40; i++) {
        const r = await app.request('POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'x' }, headers: { 'x-forwarded-for': '1.2.3.4' } });
        if (r.status === 429) {
          limited++;
          assert.equal(r.body.error.code, 'RATE_LIMITED');
        }
      }
      assert.ok(limited > 0, 'some requests were refused with 429');
    });
  });
}
