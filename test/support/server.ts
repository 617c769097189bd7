import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logging/logger.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_DIST = path.join(ROOT, 'web/dist');

/** Builds the web app when it is missing or older than its sources (the browser tests need the real bundle). */
export function ensureWebBuilt() {
  const built = path.join(WEB_DIST, 'index.html');
  if (fs.existsSync(built) && !process.env.REBUILD_WEB && newestSource() <= fs.statSync(built).mtimeMs) return;
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * The real server on a random local port, on a fresh in-memory PGlite with the demo province and
 * accounts, and a throw-away DATA_DIR (prompts, recordings). `env` adds settings, e.g. the phone
 * line: `{ SIP_ENABLED: 'true', SIP_PORT: '0', RTP_PORT_MIN: '53000', RTP_PORT_MAX: '53999' }`.
 */
export async function startTestServer(options: { env?: Record<string, string> } = {}): Promise<{ url: string; close(): Promise<void> }> {
  ensureWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-server-'));
  const config = loadConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', HOST: '127.0.0.1', PORT: '0', WEB_DIST_DIR: WEB_DIST, LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...options.env });
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  const app = await buildApp({ config, database, log: createLogger({ level: 'warn' }) });
  const url = await app.http.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const dir of ['web/src', 'src/shared']) walk(path.join(ROOT, dir));
  newest = Math.max(newest, fs.statSync(path.join(ROOT, 'web/index.html')).mtimeMs);
  return newest;
}
