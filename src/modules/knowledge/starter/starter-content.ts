import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZStarterEntry, type TStarterEntry } from './starter-entry.js';

const here = dirname(fileURLToPath(import.meta.url));
export const STARTER_CONTENT_DIR = join(here, 'content');

/** The 127 questions the founding documents list (a copy of ../shared/domain/seed-topics.json). */
export const SEED_TOPICS: readonly { id: string; question: string; source: string }[] = JSON.parse(
  readFileSync(join(here, 'seed-topics.json'), 'utf8'),
).topics;

/** Loads and validates every content/*.json file; a bad entry names its file, key and field. */
export function loadStarterContent(dir = STARTER_CONTENT_DIR, only?: readonly string[]): TStarterEntry[] {
  const entries: TStarterEntry[] = [];
  const keys = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && (!only || only.includes(f))).sort()) {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown[];
    raw.forEach((item, i) => {
      const parsed = ZStarterEntry.safeParse(item);
      if (!parsed.success) {
        const where = `${file}[${i}] ${(item as { key?: string })?.key ?? ''}`;
        throw new Error(`${where}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      }
      if (keys.has(parsed.data.key)) throw new Error(`${file}: duplicate key ${parsed.data.key}`);
      keys.add(parsed.data.key);
      entries.push(parsed.data);
    });
  }
  return entries;
}
