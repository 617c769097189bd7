#!/usr/bin/env node
// Runs every test with node's test runner: module tests (src/**/__tests__), process tests
// (test/e2e) and browser tests (test/browser; skipped with --no-browser).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const noBrowser = process.argv.includes('--no-browser');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function find(dir, match, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') find(p, match, out);
    else if (match(p)) out.push(path.relative(root, p));
  }
  return out;
}

let files = [
  ...find(path.join(root, 'src'), (p) => p.includes(`${path.sep}__tests__${path.sep}`) && p.endsWith('.test.ts')),
  ...find(path.join(root, 'test/e2e'), (p) => p.endsWith('.test.ts')),
  ...(noBrowser ? [] : find(path.join(root, 'test/browser'), (p) => p.endsWith('.test.ts'))),
].sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));

console.log(`Running ${files.length} test files; PostgreSQL: ${process.env.TEST_DATABASE_URL ? 'yes' : 'no (TEST_DATABASE_URL not set)'}; NATS: ${process.env.TEST_NATS_URL ? 'yes' : 'no'}`);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
