import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testDatabaseTargets } from '../../../../test/support/databases.js';
import type { Database } from '../../../platform/db/database.js';

for (const target of testDatabaseTargets()) {
  describe(`roles and center scoping (${target.name})`, () => {
    let db: Database;
    let app: TestApp;
    let centers: { id: number; code: string; parentId: number | null }[];
    const id = (code: string) => centers.find((c) => c.code === code)!.id;
    before(async () => {
      db = await target.open();
      app = await startTestApp(db);
      centers = (await app.request('GET', '/api/v1/centers', { token: await app.login('admin') })).body.items;
    });
    after(async () => {
      await app.close();
      await db.close();
    });

    it('the province sees every center; a city agent sees its city and its counties only', async () => {
      assert.equal(centers.length, 12, 'province + 省直 + 9 cities + 1 county');
      const agent = await app.login('agent.cc');
      const seen = (await app.request('GET', '/api/v1/centers', { token: agent })).body.items.map((c: any) => c.code).sort();
      assert.deepEqual(seen, ['jl-changchun', 'jl-changchun-nongan']);
      const leader = await app.login('leader');
      assert.equal((await app.request('GET', '/api/v1/centers', { token: leader })).body.items.length, 12);
    });

    it("a city agent gets 403 on another city's records", async () => {
      const agent = await app.login('agent.cc');
      for (const url of [`/api/v1/centers/${id('jl-jilin')}`, `/api/v1/centers/${id('jl-jilin')}/departments`, `/api/v1/centers/${id('jl-jilin')}/status`, `/api/v1/centers/${id('jl')}`]) {
        const res = await app.request('GET', url, { token: agent });
        assert.equal(res.status, 403, url);
        assert.equal(res.body.error.code, 'OUT_OF_SCOPE');
      }
      assert.equal((await app.request('GET', `/api/v1/centers/${id('jl-changchun')}/departments`, { token: agent })).status, 200);
    });

    it("a city team lead lists only its own center's accounts and gets 403 on another city's", async () => {
      const lead = await app.login('lead.cc');
      const list = await app.request('GET', '/api/v1/users?pageSize=200', { token: lead });
      assert.equal(list.status, 200);
      const centersSeen = new Set(list.body.items.map((u: any) => u.center.id));
      assert.ok([...centersSeen].every((c) => c === id('jl-changchun') || c === id('jl-changchun-nongan')));
      assert.ok(list.body.items.some((u: any) => u.username === 'agent.cc'));
      assert.ok(!list.body.items.some((u: any) => u.username === 'agent.jl'));
      assert.equal((await app.request('GET', `/api/v1/users?centerId=${id('jl-jilin')}`, { token: lead })).status, 403);
      const admin = await app.login('admin');
      const jlAgent = (await app.request('GET', '/api/v1/users?q=agent.jl', { token: admin })).body.items[0];
      assert.equal((await app.request('GET', `/api/v1/users/${jlAgent.id}`, { token: lead })).status, 403);
    });

    it('every staff route checks the role: an agent may not manage accounts or centers', async () => {
      const agent = await app.login('agent.cc');
      const attempts: [string, string, unknown?][] = [
        ['GET', '/api/v1/users'],
        ['POST', '/api/v1/users', { username: 'x1x', displayName: 'x', password: '0123456789a', roles: ['agent'], centerId: id('jl-changchun') }],
        ['PATCH', `/api/v1/centers/${id('jl-changchun')}`, { name: '改名' }],
        ['GET', '/api/v1/audit'],
        ['PUT', '/api/v1/calendar/days/2026-12-01', { kind: 'holiday', name: 'x', source: 'test' }],
      ];
      for (const [method, url, body] of attempts) {
        const res = await app.request(method as any, url, { token: agent, body });
        assert.equal(res.status, 403, `${method} ${url}`);
        assert.equal(res.body.error.code, 'FORBIDDEN');
      }
    });

    it('without a session every staff route answers 401', async () => {
      for (const url of ['/api/v1/centers', '/api/v1/users', '/api/v1/audit', '/api/v1/calendar/status', '/api/v1/auth/me']) {
        const res = await app.request('GET', url);
        assert.equal(res.status, 401, url);
        assert.equal(res.body.error.code, 'UNAUTHENTICATED');
      }
      assert.equal((await app.request('GET', '/api/v1/centers', { token: 'forged-token' })).status, 401);
    });

    it('a city administrator manages its own city only', async () => {
      const admin = await app.login('admin');
      const created = await app.request('POST', '/api/v1/users', {
        token: admin,
        body: { username: 'admin.jl', displayName: '吉林管理员', password: 'Jilin-admin-2026', roles: ['admin'], centerId: id('jl-jilin') },
      });
      assert.equal(created.status, 201);
      const cityAdmin = await app.login('admin.jl', 'Jilin-admin-2026');
      const ok = await app.request('POST', `/api/v1/centers/${id('jl-jilin')}/departments`, { token: cityAdmin, body: { name: '吉林市医疗保障局联络组', duties: '医保转办' } });
      assert.equal(ok.status, 201);
      const other = await app.request('POST', `/api/v1/centers/${id('jl-changchun')}/departments`, { token: cityAdmin, body: { name: '越权处室', duties: '' } });
      assert.equal(other.status, 403);
      const createElsewhere = await app.request('POST', '/api/v1/users', {
        token: cityAdmin,
        body: { username: 'sneaky', displayName: 'x', password: 'Sneaky-pass-2026', roles: ['agent'], centerId: id('jl-changchun') },
      });
      assert.equal(createElsewhere.status, 403);
      const calendar = await app.request('PUT', '/api/v1/calendar/days/2026-12-01', { token: cityAdmin, body: { kind: 'holiday', name: 'x', source: '测试依据' } });
      assert.equal(calendar.status, 403, 'the national calendar belongs to the province');
    });

    it("phone numbers of staff are masked for roles that do not need them", async () => {
      const admin = await app.login('admin');
      const created = await app.request('POST', '/api/v1/users', {
        token: admin,
        body: { username: 'agent.cc2', displayName: '王小明', password: 'Agent-pass-2026', roles: ['agent'], centerId: id('jl-changchun'), phone: '13812345678' },
      });
      assert.equal(created.body.phone, '13812345678');
      const leader = await app.login('leader');
      const seen = await app.request('GET', `/api/v1/users/${created.body.id}`, { token: leader });
      assert.equal(seen.body.phone, '138****5678');
    });
  });
}
