/**
 * Checks the knowledge base's starter content: schema, legal-basis articles that exist in the law
 * library, demo region codes, and the seed topics covered. Usage: npx tsx scripts/check-starter-content.ts [file.json …] (default: all files)
 */
import { LAW_TEXTS_DIR, readLawFolder } from '../src/modules/knowledge/laws/law-library-files.js';
import { loadStarterContent, SEED_TOPICS, STARTER_CONTENT_DIR } from '../src/modules/knowledge/starter/starter-content.js';

const laws = readLawFolder(LAW_TEXTS_DIR);
const articles = new Set(laws.flatMap((t) => t.articles.map((a) => `${t.catalog.short}#${a.number}`)));
const topics = SEED_TOPICS;
const REGIONS = new Set(['jl', 'jl-shengzhi', 'jl-changchun', 'jl-jilin', 'jl-yanbian', 'jl-siping', 'jl-tonghua', 'jl-baicheng', 'jl-liaoyuan', 'jl-songyuan', 'jl-baishan', 'jl-changchun-nongan']);

const only = process.argv.slice(2).map((f) => f.split('/').at(-1)!);
const entries = loadStarterContent(STARTER_CONTENT_DIR, only.length ? only : undefined);
let problems = 0;
const problem = (msg: string) => {
  problems++;
  console.log('✗', msg);
};
for (const e of entries) {
  for (const b of e.legalBasis) if (!articles.has(`${b.law}#${b.article}`)) problem(`${e.key}: legal basis ${b.law} 第${b.article}条 is not in the law library`);
  if (e.region && !REGIONS.has(e.region)) problem(`${e.key}: unknown region ${e.region}`);
  for (const t of e.topics) if (!topics.some((x) => x.id === t)) problem(`${e.key}: unknown topic ${t}`);
}
const covered = new Set(entries.filter((e) => e.region === null).flatMap((e) => e.topics));
const missing = topics.filter((t) => !covered.has(t.id));
console.log(`${entries.length} entries (${entries.filter((e) => e.region).length} regional); ${topics.length - missing.length}/${topics.length} topics have a national entry`);
if (missing.length) console.log('topics without a national entry:', missing.map((t) => t.id).join(' '));
console.log('law short names:', [...new Set(laws.map((t) => t.catalog.short))].join('、'));
if (problems) process.exit(1);
