import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../db/database.js';

for (const target of testDatabaseTargets()) {
  describe(`bad input answers (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    let admin: string;
    let changchun: number;
    const userCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from staff_user`.execute(db.db)).rows[0]!.n);
    before(async () => {
      db = await target.open();
      app = await startTestApp(db, { env: { BODY_LIMIT_BYTES: '4096' } });
      admin = await app.login('admin');
      changchun = (await app.request('GET', '/api/v1/centers', { token: admin })).body.items.find((c: any) => c.code === 'jl-changchun').id;
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    it('a missing field is a 400 naming it, with a Chinese message and a code', async () => {
      const res = await app.request('POST', '/api/v1/auth/login', { body: { username: 'admin' } });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.equal(res.body.error.fields[0].field, 'body.password');
      assert.match(res.body.error.message, /[\u4e00-\u9fff]/);
    });

    it('wrong types, bad formats and unknown enum values name each field, and nothing is stored', async () => {
      const before = await userCount();
      const res = await app.request('POST', '/api/v1/users', {
        token: admin,
        body: { username: 'a b', displayName: 7, password: 'short', roles: ['wizard'], centerId: 'changchun', phone: '12345' },
      });
      assert.equal(res.status, 400);
      const fields = res.body.error.fields.map((f: any) => f.field).sort();
      for (const f of ['body.username', 'body.displayName', 'body.password', 'body.roles.0', 'body.centerId', 'body.phone']) {
        assert.ok(fields.includes(f), `${f} named in ${fields}`);
      }
      assert.equal(await userCount(), before);
    });

    it('a reference to a record that does not exist is a 400 naming the field', async () => {
      const res = await app.request('POST', '/api/v1/users', {
        token: admin,
        body: { username: 'ghost', displayName: '幽灵', password: 'Ghost-pass-2026', roles: ['agent'], centerId: 9999 },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.fields[0].field, 'body.centerId');
      const handler = await app.request('POST', '/api/v1/users', {
        token: admin,
        body: { username: 'ghost2', displayName: '幽灵', password: 'Ghost-pass-2026', roles: ['department_handler'], centerId: changchun },
      });
      assert.equal(handler.status, 400);
      assert.equal(handler.body.error.fields[0].field, 'body.departmentId');
    });

    it('bad path and query parameters are 400s, not 500s', async () => {
      for (const url of ['/api/v1/centers/abc', '/api/v1/centers/-1', '/api/v1/users?page=0', '/api/v1/calendar/days?from=2026-02-30&to=2026-03-01', '/api/v1/calendar/days?from=x', '/api/v1/centers/99999999999', '/api/v1/kb/entries/2147483648', `/api/v1/answer/live-chats/1?token=${'a'.repeat(30)}&after=99999999999`]) {
        const res = await app.request('GET', url, { token: admin });
        assert.equal(res.status, 400, url);
        assert.ok(res.body.error.fields?.length, url);
      }
    });

    it('invalid working hours are refused field by field and the center keeps its values', async () => {
      const before = (await app.request('GET', `/api/v1/centers/${changchun}`, { token: admin })).body;
      const res = await app.request('PATCH', `/api/v1/centers/${changchun}`, {
        token: admin,
        body: { workingHours: { periods: [{ start: '17:00', end: '08:30' }, { start: '25:00', end: '26:00' }] }, areaCodes: ['431'] },
      });
      assert.equal(res.status, 400);
      const fields = res.body.error.fields.map((f: any) => f.field);
      assert.ok(fields.includes('body.workingHours.periods.0.end'), fields.join());
      assert.ok(fields.includes('body.workingHours.periods.1.start'), fields.join());
      assert.ok(fields.includes('body.areaCodes.0'), fields.join());
      assert.deepEqual((await app.request('GET', `/api/v1/centers/${changchun}`, { token: admin })).body, before);
    });

    it('malformed JSON, a wrong content type, an empty body and an oversized body get 4xx', async () => {
      const malformed = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
      assert.equal(malformed.statusCode, 400);
      assert.equal(JSON.parse(malformed.body).error.code, 'BAD_REQUEST');
      const xml = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>' });
      assert.equal(xml.statusCode, 415);
      const empty = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '' });
      assert.equal(empty.statusCode, 400);
      const big = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'a', password: 'x'.repeat(10_000) }) });
      assert.equal(big.statusCode, 413);
      assert.equal(JSON.parse(big.body).error.code, 'PAYLOAD_TOO_LARGE');
    });

    it('an unknown route is a JSON 404', async () => {
      const res = await app.request('GET', '/api/v1/no-such-thing', { token: admin });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'NOT_FOUND');
    });

    it('never shows a stack trace', async () => {
      const res = await app.request('POST', '/api/v1/centers', { token: admin, body: { code: 'X', name: 1 } });
      assert.equal(res.status, 400);
      assert.ok(!JSON.stringify(res.body).includes('    at '));
    });
  });
}

describe('readiness', () => {
  it('/readyz is 200 when the database answers and 503 (not a crash) when it is gone', async () => {
    const target = testDatabaseTargets()[0]!;
    const db = await target.open();
    const app = await startTestApp(db);
    assert.equal((await app.request('GET', '/healthz')).status, 200);
    const ready = await app.request('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body.pendingMigrations, []);
    await db.close();
    const down = await app.request('GET', '/readyz');
    assert.equal(down.status, 503);
    assert.equal(down.body.database, 'down');
    assert.equal((await app.request('GET', '/healthz')).status, 200, 'still alive');
    await app.close();
  });
});
