/**
 * `npm run bench:answer`: the answering engine with the starter knowledge plus 10,000 generated
 * entries, on the embedded default (PGlite).
 *  - in process: latency p50/p95/p99 of one answer (understanding, matching, bands, question log);
 *  - over HTTP: answers per second with a separate load-generating process (autocannon, 16
 *    connections, keep-alive) against the real server on a local port.
 * Targets (issue 4): p99 ≤ 20 ms in process; ≥ 500 answers/s over HTTP on a 2-core machine.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import * as OpenCC from 'opencc-js';
import { buildApp } from '../src/app.js';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit-trail.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { generateEntries, seededRandom } from './support/generated-entries.js';

async function startCpuProfile() {
  const session = new inspector.Session();
  session.connect();
  const post = promisify(session.post.bind(session)) as (method: string, params?: object) => Promise<unknown>;
  await post('Profiler.enable');
  await post('Profiler.start');
  return { stop: async () => ((await post('Profiler.stop')) as { profile: unknown }).profile };
}

const GENERATED = Number(process.env.BENCH_KB_ENTRIES ?? 10_000);
const QUERIES = Number(process.env.BENCH_ANSWER_QUERIES ?? 2_000);
const HTTP_SECONDS = Number(process.env.BENCH_ANSWER_SECONDS ?? 10);
const HTTP_QUERIES = 20_000;
const random = seededRandom(4333);
const { rand, pick } = random;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

const dataDir = mkdtempSync(join(os.tmpdir(), 'bench-answer-'));
const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, LOG_LEVEL: 'warn', WEB_DIST_DIR: '/nonexistent', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000' });
const app = await buildApp({ config, log: createLogger({ level: 'warn' }) });
try {
  const { starter, starterEntries, generated } = await generateEntries(app, GENERATED, random);
  for (let i = 0; i < generated.length; i += 1000) await app.modules.knowledge.importBatch(SYSTEM_ACTOR, generated.slice(i, i + 1000), 'publish');
  const t0 = performance.now();
  await app.modules.knowledge.rebuildIndex();
  const rebuildMs = performance.now() - t0;

  // Callers' phrasings: the starter content's questions, a third with a character dropped, a sixth in
  // traditional characters, and out-of-scope questions mixed in.
  const phrasings = starterEntries.flatMap((e) => [e.content.question, ...e.content.similarQuestions]);
  const outOfScope = ['公积金怎么提取', '个税专项附加扣除怎么填', '高铁票改签', '明天天气怎么样', '身份证丢了怎么补办', '你好'];
  const makeQuery = () => {
    const r = rand();
    if (r < 0.05) return pick(outOfScope);
    const q = pick(phrasings);
    if (r < 0.2) return toTraditional(q);
    if (r < 0.5 && q.length > 6) {
      const at = 1 + Math.floor(rand() * (q.length - 2));
      return q.slice(0, at) + q.slice(at + 1);
    }
    return q;
  };
  const queries = Array.from({ length: QUERIES }, makeQuery);
  // The HTTP phase asks other questions drawn the same way, enough that 10 s hardly repeat them: what the
  // engine keeps from questions it has seen (corrections) then helps only as much as real repetition would.
  const httpQueries = Array.from({ length: HTTP_QUERIES }, makeQuery);
  const regions = [undefined, 'jl', 'jl-changchun', 'jl-changchun-nongan', 'jl-yanbian'];

  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);
  console.log(`database: embedded PGlite; entries: ${starter.length} starter + ${GENERATED} generated (engine holds ${app.modules.answering.engine.entryCount}); questions: ${QUERIES}`);
  console.log(`index rebuild (knowledge + answering): ${(rebuildMs / 1000).toFixed(1)} s; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

  for (const q of queries.slice(0, 100)) await app.modules.answering.answer({ question: q });
  const times: number[] = [];
  const statuses = new Map<string, number>();
  for (const q of queries) {
    const s = performance.now();
    const r = await app.modules.answering.answer({ question: q, region: pick(regions), channel: 'web' });
    times.push(performance.now() - s);
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2);
  console.log(`in process: p50 ${at(50)} ms, p95 ${at(95)} ms, p99 ${at(99)} ms, max ${times.at(-1)!.toFixed(2)} ms  (target p99 ≤ 20 ms)`);
  console.log(`outcomes: ${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')}`);

  await app.http.listen({ host: '127.0.0.1', port: 0 });
  const address = app.http.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const probe = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/answer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '失业金怎么领' }) });
  console.log(`probe ${res.status} in ${(performance.now() - probe).toFixed(1)} ms`);
  const file = join(dataDir, 'questions.json');
  writeFileSync(file, JSON.stringify(httpQueries));
  // BENCH_PROFILE=<file.cpuprofile>: a CPU profile of the server during the HTTP phase only.
  const profiler = process.env.BENCH_PROFILE ? await startCpuProfile() : undefined;
  const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'support/answer-load.mjs'), `http://127.0.0.1:${port}`, file, String(HTTP_SECONDS), '16'], {
    maxBuffer: 10 * 2 ** 20,
  });
  if (profiler) writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(await profiler.stop()));
  const load = JSON.parse(stdout);
  console.log(
    `over HTTP (16 connections, ${load.duration.toFixed(0)} s): ${load.requests.average.toFixed(0)} answers/s average, latency p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms; non-2xx ${load.non2xx}, errors ${load.errors}, timeouts ${load.timeouts}  (target ≥ 500 answers/s)`,
  );
  await app.modules.answering.flush();
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
