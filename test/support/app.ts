import { Writable } from 'node:stream';
import assert from 'node:assert/strict';
import { buildApp, type RunningApp } from '../../src/app.js';
import { fixedClock, type Clock } from '../../src/platform/clock.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { DEMO_PASSWORD } from '../../src/modules/accounts/index.js';

export type TestApp = RunningApp & {
  clock: ReturnType<typeof fixedClock>;
  /** Every log line written, parsed (for the masking tests). */
  logLines: Record<string, unknown>[];
  /** Signs in a demo account and returns its bearer token. */
  login(username: string, password?: string): Promise<string>;
  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
};

/** A 2026-11-24 10:00 Shanghai time, a Tuesday and a working day. */
export const DEFAULT_TEST_NOW = '2026-11-24T10:00:00+08:00';

export async function startTestApp(
  database: Database,
  options: { env?: Record<string, string>; now?: string; clock?: Clock } = {},
): Promise<TestApp> {
  const config: Config = loadConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', LOG_LEVEL: 'info', WEB_DIST_DIR: '/nonexistent', ...options.env });
  const clock = fixedClock(options.now ?? DEFAULT_TEST_NOW);
  const logLines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logLines.push(JSON.parse(line));
      cb();
    },
  });
  const log = createLogger({ level: config.logLevel, destination });
  const app = await buildApp({ config, clock: options.clock ?? clock, log, database });

  const request: TestApp['request'] = async (method, url, opts = {}) => {
    const res = await app.http.inject({
      method,
      url,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      ...(opts.body !== undefined ? { payload: opts.body as any } : {}),
    });
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body, headers: res.headers };
  };

  return {
    ...app,
    clock,
    logLines,
    request,
    async login(username, password = DEMO_PASSWORD) {
      const res = await request('POST', '/api/v1/auth/login', { body: { username, password } });
      assert.equal(res.status, 200, `login ${username}: ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
  };
}
