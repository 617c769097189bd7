/**
 * `npm run eval -- <file.tsv>… [--misses]`: evaluates the answering engine on a file in the
 * format of ../shared/eval/dev-questions.tsv (question, acceptable topic ids or NONE, optional region).
 *
 * Boots the platform on a throw-away embedded database with the starter knowledge and prints:
 *  - accuracy@1: the first candidate is on an acceptable topic (in-scope questions);
 *  - accuracy@3: one of the first three is;
 *  - answered right / clarified / declined, and answered WRONG (confidently wrong: the worst outcome);
 *  - out-of-scope declined: NONE questions not answered;
 *  - latency p50/p99 of the engine in process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/database.js';
import { createLogger } from '../src/platform/logging/logger.js';

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
if (!files.length) {
  console.error('usage: npm run eval -- <file.tsv>… [--misses]');
  process.exit(2);
}
const showMisses = args.includes('--misses');
// --dump=<file.jsonl>: one line per question (status, confidence, lead, right or not) for calibrating the bands.
const dumpTo = args.find((a) => a.startsWith('--dump='))?.slice('--dump='.length);
const dump: string[] = [];

type Row = { question: string; topics: string[] | 'NONE'; region?: string; line: number };
function readRows(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.trim() && !l.startsWith('#'))
    .map(({ l, i }) => {
      const [question = '', ids = '', region = ''] = l.split('\t');
      return { question: question.trim(), topics: ids.trim() === 'NONE' ? ('NONE' as const) : ids.split(',').map((s) => s.trim()).filter(Boolean), region: region.trim() || undefined, line: i + 1 };
    })
    .filter((r) => r.question && (r.topics === 'NONE' || r.topics.length));
}

const log = createLogger({ level: 'error' });
const config = loadConfig({ NODE_ENV: 'test', DEMO_MODE: 'true', WEB_DIST_DIR: '/nonexistent', LOG_LEVEL: 'error' });
const database = await openDatabase({ kind: 'pglite', dataDir: null });
const app = await buildApp({ config, database, log });
const engine = app.modules.answering.engine;

for (const file of files) {
  const rows = readRows(file);
  let inScope = 0, at1 = 0, at3 = 0, answeredRight = 0, answeredWrong = 0, clarified = 0, declined = 0, clarifiedWithRight = 0;
  let oos = 0, oosDeclined = 0;
  const latencies: number[] = [];
  const misses: string[] = [];
  for (const r of rows) {
    const t0 = performance.now();
    const res = await engine.answer({ question: r.question, region: r.region, channel: 'web' });
    latencies.push(performance.now() - t0);
    const right = r.topics !== 'NONE' && !!res.candidates[0]?.topicIds.some((t) => (r.topics as string[]).includes(t));
    const shown = res.candidates.map((c) => `${c.topicIds.join('/')}:${c.score.toFixed(2)}`).slice(0, 3).join(' ');
    dump.push(JSON.stringify({ file, line: r.line, question: r.question, want: r.topics, oos: r.topics === 'NONE', status: res.status, reason: res.internal.reason, normalized: res.internal.normalized, confidence: res.internal.confidence, lead: res.internal.lead, right, shown }));
    if (r.topics === 'NONE') {
      oos++;
      if (res.status !== 'answered') oosDeclined++;
      else misses.push(`OOS ANSWERED  ${r.question} → ${res.answer!.title} (${shown})`);
      continue;
    }
    inScope++;
    const want = r.topics;
    const ok = (i: number) => !!res.candidates[i] && res.candidates[i]!.topicIds.some((t) => want.includes(t));
    if (ok(0)) at1++;
    if (ok(0) || ok(1) || ok(2)) at3++;
    if (res.status === 'answered') {
      if (res.candidates[0]?.topicIds.some((t) => want.includes(t))) answeredRight++;
      else {
        answeredWrong++;
        misses.push(`WRONG   ${want.join(',')}  ${r.question} → ${res.answer!.title} (${shown})`);
      }
    } else if (res.status === 'clarify') {
      clarified++;
      if (ok(0) || ok(1) || ok(2)) clarifiedWithRight++;
      if (!ok(0)) misses.push(`CLARIFY ${want.join(',')}  ${r.question} → ${shown}`);
    } else {
      declined++;
      misses.push(`${res.status.toUpperCase().padEnd(7)} ${want.join(',')}  ${r.question} → ${shown} [${res.understood?.corrections.map((c) => `${c.from}→${c.to}`).join(',') ?? ''}]`);
    }
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(2);
  const share = (n: number, d: number) => (d ? (n / d).toFixed(3) : '-');
  if (showMisses) for (const m of misses) console.log(m);
  console.log(`\n${file}: ${rows.length} questions (${inScope} in scope, ${oos} out of scope)`);
  console.log(`accuracy@1            ${share(at1, inScope)}  (${at1}/${inScope})`);
  console.log(`accuracy@3            ${share(at3, inScope)}  (${at3}/${inScope})`);
  console.log(`answered right        ${share(answeredRight, inScope)}  (${answeredRight})`);
  console.log(`answered WRONG        ${share(answeredWrong, inScope)}  (${answeredWrong})`);
  console.log(`clarified             ${share(clarified, inScope)}  (${clarified}, right one offered in ${clarifiedWithRight})`);
  console.log(`declined (in scope)   ${share(declined, inScope)}  (${declined})`);
  console.log(`out-of-scope declined ${share(oosDeclined, oos)}  (${oosDeclined}/${oos})`);
  console.log(`latency in process    p50 ${pct(50)} ms, p99 ${pct(99)} ms  (${os.cpus()[0]?.model.trim()} × ${os.cpus().length}, node ${process.version})`);
}
if (dumpTo) writeFileSync(dumpTo, `${dump.join('\n')}\n`);
await app.close();
await database.close();
