/**
 * `npm run bench:kb`: knowledge-base search latency on the embedded default (PGlite), with the
 * starter content plus 10,000 generated entries, as a city center's base would be.
 * Prints p50/p95/p99 for staff search, citizen search and law search, and the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit-trail.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { generateEntries, seededRandom } from './support/generated-entries.js';

const GENERATED = Number(process.env.BENCH_KB_ENTRIES ?? 10_000);
const QUERIES = Number(process.env.BENCH_KB_QUERIES ?? 1_000);

const { rand, pick } = seededRandom();

const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-kb-'));
const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'warn', WEB_DIST_DIR: '/nonexistent', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000' });
const app = await buildApp({ config, log: createLogger({ level: 'warn' }) });
const { knowledge, laws } = app.modules;

try {
  const { starter, starterEntries, centers, generated } = await generateEntries(app, GENERATED, { rand, pick });
  const t0 = performance.now();
  for (let i = 0; i < generated.length; i += 1000) await knowledge.importBatch(SYSTEM_ACTOR, generated.slice(i, i + 1000), 'publish');
  const importMs = performance.now() - t0;
  const t1 = performance.now();
  await knowledge.rebuildIndex();
  const rebuildMs = performance.now() - t1;

  // Queries: callers' phrasings from the starter content, half of them with a character dropped
  // (a typo or a speech-recognition slip).
  const phrasings = starterEntries.flatMap((e) => [e.content.question, ...e.content.similarQuestions]);
  const queries = Array.from({ length: QUERIES }, () => {
    const q = pick(phrasings);
    if (rand() < 0.5 || q.length < 6) return q;
    const at = 1 + Math.floor(rand() * (q.length - 2));
    return q.slice(0, at) + q.slice(at + 1);
  });
  const regions = centers.map((c) => c.code);

  const measure = async (name: string, run: (q: string) => Promise<unknown> | unknown) => {
    for (const q of queries.slice(0, 50)) await run(q); // warm-up
    const times: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      await run(q);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2);
    console.log(`${name.padEnd(44)} p50 ${at(50).padStart(6)} ms   p95 ${at(95).padStart(6)} ms   p99 ${at(99).padStart(6)} ms   max ${times.at(-1)!.toFixed(2).padStart(7)} ms`);
  };

  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);
  console.log(`database: embedded PGlite; entries: ${starter.length} starter + ${GENERATED} generated; law articles: ${laws.size}; queries: ${QUERIES}`);
  console.log(`import of generated entries: ${(importMs / 1000).toFixed(1)} s (${((GENERATED / importMs) * 1000).toFixed(0)} entries/s); index rebuild: ${(rebuildMs / 1000).toFixed(1)} s; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  await measure('staff search (GET /kb/entries?q=, page of 20)', (q) => knowledge.list({ q, validity: 'any', page: 1, pageSize: 20 }));
  await measure('staff search with filters (pension, current)', (q) => knowledge.list({ q, businessLine: ['pension'], validity: 'current', page: 1, pageSize: 20 }));
  await measure('citizen search (region override, top 5)', (q) => knowledge.publicSearch(q, pick(regions), 5));
  await measure('law search (top 10)', (q) => laws.search(q, 10));
  await measure('HTTP citizen search (inject, incl. JSON)', async (q) => {
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/kb/public/search?q=${encodeURIComponent(q)}&region=jl-changchun` });
    if (res.statusCode !== 200) throw new Error(res.body);
  });
  console.log('target: p99 under 20 ms');
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
