import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', WEB_DIST_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitReady(port: number, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('not ready in time');
}

const port = () => 20000 + Math.floor(Math.random() * 20000);

describe('the platform process on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-data-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on a fresh data folder, prints the demo accounts, stops gracefully, and keeps its data across a restart', async () => {
    const p1 = port();
    const first = startMain({ DATA_DIR: dataDir, PORT: String(p1) });
    await waitReady(p1);
    assert.match(first.output(), /agent\.cc/);
    assert.match(first.output(), /Demo@12333/);
    const login = await fetch(`http://127.0.0.1:${p1}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Demo@12333' }),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`http://127.0.0.1:${p1}/api/v1/centers/2/departments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: '重启后仍在的处室', duties: '持久化测试' }),
    });
    assert.equal(created.status, 201);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.output());
    assert.match(first.output(), /shutting down/);
    assert.ok(fs.existsSync(path.join(dataDir, 'pglite')));

    const p2 = port();
    const second = startMain({ DATA_DIR: dataDir, PORT: String(p2) });
    await waitReady(p2);
    const again = await fetch(`http://127.0.0.1:${p2}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Demo@12333' }),
    });
    const token2 = ((await again.json()) as { token: string }).token;
    const depts = (await (await fetch(`http://127.0.0.1:${p2}/api/v1/centers/2/departments`, { headers: { authorization: `Bearer ${token2}` } })).json()) as { items: { name: string }[] };
    assert.ok(depts.items.some((d) => d.name === '重启后仍在的处室'));
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
  });

  it('refuses to start with a bad setting and names it', async () => {
    const bad = startMain({ DATA_DIR: dataDir, PORT: 'eighty' });
    assert.equal(await bad.exited, 2);
    assert.match(bad.output(), /PORT/);
  });
});

describe('the platform process on PostgreSQL', { skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL not set' }, () => {
  it('has no demo accounts; the first administrator comes from the CLI', async () => {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `hotline_e2e_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    try {
      const p = port();
      const server = startMain({ DATABASE_URL: url.toString(), PORT: String(p) });
      await waitReady(p);
      const demo = await fetch(`http://127.0.0.1:${p}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'Demo@12333' }),
      });
      assert.equal(demo.status, 401, 'no demo accounts on PostgreSQL');
      assert.doesNotMatch(server.output(), /Demo@12333/);

      await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'create-admin', '--username', 'root', '--province-code', 'jl', '--province-name', '吉林省12333中心'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url.toString(), ADMIN_PASSWORD: 'First-admin-2026' },
      });
      const first = await fetch(`http://127.0.0.1:${p}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'root', password: 'First-admin-2026' }),
      });
      assert.equal(first.status, 200);
      const body = (await first.json()) as any;
      assert.deepEqual(body.user.roles, ['admin']);
      assert.equal(body.user.seesAllCenters, true);
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    } finally {
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  });
});
