import { AsyncLocalStorage } from 'node:async_hooks';
import { regionLevel } from '@sinergi/contracts';
import { Geography, pgArray, type RegionCodes } from '@sinergi/runtime';

/**
 * The edition of region codes a read is answered in (docs/operations.md, "Geography editions").
 * Facts keep the codes they were recorded with; a read translates the region asked for into the
 * codes of every edition that make it up (Geography.codesOf) and filters on those. The edition
 * travels with the read (an indicators request sets it once), so every roll-up below it, fact
 * sums and coordination queries alike, reads the same geography; without one, the current.
 */
const reading = new AsyncLocalStorage<string>();

export function readIn<T>(edition: string, fn: () => T): T {
  return reading.run(edition, fn);
}

export function readingEdition(): string {
  return reading.getStore() ?? Geography.load().current;
}

/** Which column of a table holds a fact's code at each level; null where the table has none. */
export interface LevelColumns {
  province: string;
  regency: string | null;
  district: string | null;
  village: string | null;
}

/** `fact` and the coordination tables: a code and its province, regency and district. */
export const FACT_COLUMNS: LevelColumns = {
  province: 'province_code',
  regency: 'regency_code',
  district: 'district_code',
  village: 'region_code',
};

/** `fact_month`: the regency (or the code above it a fact was recorded with) as the area. */
export const MONTH_COLUMNS: LevelColumns = {
  province: 'province_code',
  regency: 'area_code',
  district: null,
  village: null,
};

/** `fact_district_month`: the district (or the code above it) as the area. */
export const DISTRICT_MONTH_COLUMNS: LevelColumns = {
  province: 'province_code',
  regency: 'regency_code',
  district: 'area_code',
  village: null,
};

export function regionCodes(regionCode: string, edition = readingEdition()): RegionCodes {
  return Geography.load().codesOf(regionCode, edition);
}

/** Whether reading the region touches codes other than its own. */
export function translated(codes: RegionCodes): boolean {
  return codes.same.length > 1 || codes.include.length > 0 || codes.exclude.length > 0;
}

/**
 * The SQL filter that selects a region of an edition and everything in it: its own code and
 * aliases on the region's level's column, less the codes under it that are elsewhere in the
 * edition, plus the codes recorded elsewhere that are in it. A region no crosswalk touches is
 * one equality, as before editions. Codes finer than the table's grain (a district moved
 * between regencies, read from `fact_month`) cannot be told apart there and stay with their
 * area.
 */
export function editionFilter(
  regionCode: string,
  columns: LevelColumns,
  edition = readingEdition(),
): { sql: string; params: string[] } {
  const level = regionLevel(regionCode);
  if (level === 'national') return { sql: 'true', params: [] };
  const own = columns[level];
  if (!own) throw new Error(`no ${level} column to filter ${regionCode} on`);
  const codes = regionCodes(regionCode, edition);
  if (!translated(codes)) return { sql: `${own} = ?`, params: [regionCode] };
  const params: string[] = [pgArray(codes.same)];
  const byLevel = (list: string[]) => {
    const parts: string[] = [];
    for (const at of ['province', 'regency', 'district', 'village'] as const) {
      const column = columns[at];
      const here = list.filter((c) => regionLevel(c) === at);
      if (!column || here.length === 0) continue;
      parts.push(`coalesce(${column} = any(?::text[]), false)`);
      params.push(pgArray(here));
    }
    return parts;
  };
  const out = byLevel(codes.exclude);
  const into = byLevel(codes.include);
  let sql = `${own} = any(?::text[])`;
  if (out.length > 0) sql = `(${sql} and not (${out.join(' or ')}))`;
  if (into.length > 0) sql = `(${sql} or ${into.join(' or ')})`;
  return { sql, params };
}

/** The code of the edition read that a recorded code stands for (a child row's region); itself if none. */
export function inEdition(code: string, edition = readingEdition()): string {
  return Geography.load().translate(code, edition) ?? code;
}
