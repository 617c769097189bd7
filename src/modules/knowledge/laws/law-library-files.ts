import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAW_CATALOG, type LawCatalogItem } from './law-catalog.js';
import { parseLawText, type ParsedLawText } from './law-text-parser.js';

/**
 * The texts shipped with the platform: a copy of ../shared/domain/laws/ (official texts of laws and
 * regulations carry no copyright, PRC Copyright Law art. 5; provenance in texts/README.md).
 */
export const LAW_TEXTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'texts');

export type LawText = ParsedLawText & { catalog: LawCatalogItem };

/** Reads and parses every text of a laws folder (../shared/domain/laws/ layout); every text must be in the catalog. */
export function readLawFolder(dir: string = LAW_TEXTS_DIR): LawText[] {
  const out: LawText[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort()) {
    for (const text of parseLawText(file, readFileSync(join(dir, file), 'utf8'))) {
      const catalog = LAW_CATALOG.find((c) => c.title === text.title);
      if (!catalog) throw new Error(`${file}: "${text.title}" is not in LAW_CATALOG (law-catalog.ts)`);
      out.push({ ...text, catalog });
    }
  }
  return out;
}
