import type { EntityManager } from '@mikro-orm/postgresql';
import { type Period, regionLevel } from '@sinergi/contracts';
import { pgArray } from '@sinergi/runtime';
import { crossDim, fromUnits, toUnits } from '../projections/aggregates.js';
import { periodRange } from './period.js';

/** The SQL filter that selects a region and everything below it, through the roll-up columns. */
export function regionFilter(regionCode: string): { sql: string; params: string[] } {
  switch (regionLevel(regionCode)) {
    case 'national':
      return { sql: 'true', params: [] };
    case 'province':
      return { sql: 'province_code = ?', params: [regionCode] };
    case 'regency':
      return { sql: 'regency_code = ?', params: [regionCode] };
    case 'district':
      return { sql: 'district_code = ?', params: [regionCode] };
    case 'village':
      return { sql: 'region_code = ?', params: [regionCode] };
  }
}

/** The same filter on a table under an alias (`a.province_code = ?`). */
export function aliasedRegionFilter(regionCode: string, alias: string): { sql: string; params: string[] } {
  const { sql, params } = regionFilter(regionCode);
  return { sql: sql.replace(/(region_code|province_code|regency_code|district_code)/, `${alias}.$1`), params };
}

/**
 * Figures rolled up from the aggregates (apps/reporting/src/projections/aggregates.ts) by
 * region code: a regency, a province or the nation is a sum over `fact_month`, a regency's
 * districts a sum over `fact_district_month`. Below the aggregates' grain — a district's
 * breakdowns, a village — the facts of that one district or village are summed instead.
 */
export interface Sum {
  indicator: string;
  /** '' for the total. */
  dim: string;
  key: string;
  value: string;
}

export interface ChildSum {
  child: string;
  indicator: string;
  value: string;
}

/** Adds the rows that share an id exactly (the aggregates' numeric(24,4), in bigint units). */
export function addUp<T extends { value: string }>(rows: Iterable<T>, id: (row: T) => string): T[] {
  const total = new Map<string, { row: T; units: bigint }>();
  for (const row of rows) {
    const key = id(row);
    const entry = total.get(key) ?? { row, units: 0n };
    entry.units += toUnits(row.value);
    total.set(key, entry);
  }
  return [...total.values()].map(({ row, units }) => ({ ...row, value: fromUnits(units) }));
}
/** A sum's indicator, dimension and key. */
export const sumId = (s: Sum) => `${s.indicator}\u0000${s.dim}\u0000${s.key}`;

/** Where the sums of a region are read, and the filter that selects it. */
function source(regionCode: string): { table: 'fact_month' | 'fact'; filter: string; params: string[] } {
  switch (regionLevel(regionCode)) {
    case 'national':
      return { table: 'fact_month', filter: 'true', params: [] };
    case 'province':
      return { table: 'fact_month', filter: 'province_code = ?', params: [regionCode] };
    case 'regency':
      return { table: 'fact_month', filter: 'area_code = ?', params: [regionCode] };
    case 'district':
      return { table: 'fact', filter: 'district_code = ?', params: [regionCode] };
    case 'village':
      return { table: 'fact', filter: 'region_code = ?', params: [regionCode] };
  }
}

/** Totals (dim '') and every breakdown of the given indicators for a region and period. */
export async function sumsOf(em: EntityManager, regionCode: string, period: Period, indicators: string[]) {
  const { from, to } = periodRange(period);
  const { table, filter, params } = source(regionCode);
  if (table === 'fact_month') {
    return em.execute<Sum[]>(
      `select indicator, dim, key, sum(value)::text as value from fact_month
       where indicator = any(?::text[]) and ${filter} and month >= ? and month < ? group by 1, 2, 3`,
      [pgArray(indicators), ...params, from, to],
    );
  }
  return em.execute<Sum[]>(
    `select f.indicator, d.dim, d.key, sum(f.value)::text as value
     from fact f cross join lateral (select '' as dim, '' as key union all select key, value from jsonb_each_text(f.dims)) d
     where f.indicator = any(?::text[]) and f.${filter} and f.occurred_on >= ? and f.occurred_on < ? group by 1, 2, 3`,
    [pgArray(indicators), ...params, from, to],
  );
}

/** One level down: each child region's totals; what was recorded at the region itself is left out. */
export async function childSumsOf(em: EntityManager, regionCode: string, period: Period, indicators: string[]) {
  const { from, to } = periodRange(period);
  const codes = pgArray(indicators);
  switch (regionLevel(regionCode)) {
    case 'national':
      return em.execute<ChildSum[]>(
        `select province_code as child, indicator, sum(value)::text as value from fact_month
         where indicator = any(?::text[]) and dim = '' and province_code <> 'ID' and month >= ? and month < ?
         group by 1, 2`,
        [codes, from, to],
      );
    case 'province':
      return em.execute<ChildSum[]>(
        `select area_code as child, indicator, sum(value)::text as value from fact_month
         where indicator = any(?::text[]) and dim = '' and province_code = ? and area_code <> ?
           and month >= ? and month < ? group by 1, 2`,
        [codes, regionCode, regionCode, from, to],
      );
    case 'regency':
      return em.execute<ChildSum[]>(
        `select area_code as child, indicator, sum(value)::text as value from fact_district_month
         where indicator = any(?::text[]) and regency_code = ? and area_code <> ? and month >= ? and month < ?
         group by 1, 2`,
        [codes, regionCode, regionCode, from, to],
      );
    case 'district':
      return em.execute<ChildSum[]>(
        `select region_code as child, indicator, sum(value)::text as value from fact
         where indicator = any(?::text[]) and district_code = ? and region_code <> ?
           and occurred_on >= ? and occurred_on < ? group by 1, 2`,
        [codes, regionCode, regionCode, from, to],
      );
    case 'village':
      return [];
  }
}

/** Crossed breakdowns (`a×b`) of one indicator, and its total (dim ''), for a region and period. */
export async function crossSumsOf(
  em: EntityManager,
  regionCode: string,
  period: Period,
  indicator: string,
  pairs: ReadonlyArray<readonly [string, string]>,
) {
  const { from, to } = periodRange(period);
  const { table, filter, params } = source(regionCode);
  const dims = pairs.map(([a, b]) => crossDim(a, b));
  if (table === 'fact_month') {
    return em.execute<Sum[]>(
      `select indicator, dim, key, sum(value)::text as value from fact_month
       where indicator = ? and (dim = '' or dim = any(?::text[])) and ${filter} and month >= ? and month < ?
       group by 1, 2, 3`,
      [indicator, pgArray(dims), ...params, from, to],
    );
  }
  const parts = pairs.map(
    () => `union all select ?, coalesce(f.dims->>?, 'unknown') || '×' || coalesce(f.dims->>?, 'unknown')`,
  );
  return em.execute<Sum[]>(
    `select f.indicator, d.dim, d.key, sum(f.value)::text as value
     from fact f cross join lateral (select '' as dim, '' as key ${parts.join(' ')}) d
     where f.indicator = ? and f.${filter} and f.occurred_on >= ? and f.occurred_on < ? group by 1, 2, 3`,
    [...pairs.flatMap(([a, b]) => [crossDim(a, b), a, b]), indicator, ...params, from, to],
  );
}
