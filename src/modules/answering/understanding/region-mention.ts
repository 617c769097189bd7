import type { TCenter } from '../../../shared/api/centers.js';

/**
 * The region a caller names ("长春最低工资多少", "我在农安县交的社保"): every center's place name in
 * its usual forms, longest first. A bare name shared by a province and a city (吉林) means the
 * province: the wider answer is safe, the narrower one may be wrong.
 */
const LEVEL_ORDER = { province: 0, city: 1, county: 2 } as Record<string, number>;

export function createRegionMentions(centers: readonly Pick<TCenter, 'code' | 'name' | 'shortName' | 'level' | 'active'>[]) {
  const aliases = new Map<string, { code: string; level: number }>();
  const add = (alias: string, code: string, level: number) => {
    if (alias.length < 2) return;
    const have = aliases.get(alias);
    if (!have || level < have.level) aliases.set(alias, { code, level });
  };
  for (const c of centers) {
    if (!c.active) continue;
    const level = LEVEL_ORDER[c.level] ?? 3;
    const place = c.name.split(/12333|人力资源/)[0]!.trim();
    const short = c.shortName.replace(/(分中心|中心)$/, '');
    if (/(省直|市直|本级)$/.test(short)) continue;
    for (const a of [place, short]) {
      add(a, c.code, level);
      const bare = a.replace(/(朝鲜族自治州|自治州|自治县|省|市|县|区|州)$/, '');
      add(bare, c.code, level);
      if (a.endsWith('自治州')) add(`${bare}州`, c.code, level);
    }
  }
  const ordered = [...aliases.entries()].sort((a, b) => b[0].length - a[0].length);

  /** The most specific center named in the text, if any. */
  function find(normalizedText: string): { code: string; alias: string } | undefined {
    let best: { code: string; alias: string; level: number } | undefined;
    for (const [alias, { code, level }] of ordered) {
      if (!normalizedText.includes(alias)) continue;
      // 农安县 and 长春市 both named: the county is what the caller lives in.
      if (!best || level > best.level) best = { code, alias, level };
    }
    return best ? { code: best.code, alias: best.alias } : undefined;
  }

  return { find };
}

export type RegionMentions = ReturnType<typeof createRegionMentions>;
