import type { EntityManager } from '@mikro-orm/postgresql';
import { type Period, regionLevel } from '@sinergi/contracts';
import { pgArray } from '@sinergi/runtime';
import { crossDim, fromUnits, toUnits } from '../projections/aggregates.js';
import {
  DISTRICT_MONTH_COLUMNS,
  editionFilter,
  FACT_COLUMNS,
  inEdition,
  MONTH_COLUMNS,
  readingEdition,
  regionCodes,
} from './geography.js';
import { periodRange } from './period.js';

/**
 * The SQL filter that selects a region and everything below it, through the roll-up columns, in
 * the edition of codes being read (./geography.ts): codes of other editions that are the same
 * place are in it, codes under it that are elsewhere in that edition are not.
 */
export function regionFilter(regionCode: string, edition = readingEdition()): { sql: string; params: string[] } {
  return editionFilter(regionCode, FACT_COLUMNS, edition);
}

/** The roll-up columns of a filter on a table under an alias (`province_code` → `a.province_code`). */
function aliased(sql: string, alias: string): string {
  return sql.replace(/\b(region_code|province_code|regency_code|district_code|area_code)\b/g, `${alias}.$1`);
}

/** The same filter on a table under an alias (`a.province_code = ?`). */
export function aliasedRegionFilter(regionCode: string, alias: string): { sql: string; params: string[] } {
  const { sql, params } = regionFilter(regionCode);
  return { sql: aliased(sql, alias), params };
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

/** Where the sums of a region are read, and the filter that selects it (columns bare, or `f.` for facts). */
function source(regionCode: string): { table: 'fact_month' | 'fact'; filter: string; params: string[] } {
  const level = regionLevel(regionCode);
  if (level === 'district' || level === 'village') {
    const { sql, params } = editionFilter(regionCode, FACT_COLUMNS);
    return { table: 'fact', filter: aliased(sql, 'f'), params };
  }
  const { sql, params } = editionFilter(regionCode, MONTH_COLUMNS);
  return { table: 'fact_month', filter: sql, params };
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
     where f.indicator = any(?::text[]) and ${filter} and f.occurred_on >= ? and f.occurred_on < ? group by 1, 2, 3`,
    [pgArray(indicators), ...params, from, to],
  );
}

/**
 * One level down: each child region's totals, children named in the edition read (a row recorded
 * under 92.71 is Kota Sorong's, 96.71, in the current edition); what was recorded at the region
 * itself, or under one of its aliases, is left out.
 */
export async function childSumsOf(em: EntityManager, regionCode: string, period: Period, indicators: string[]) {
  const { from, to } = periodRange(period);
  const codes = pgArray(indicators);
  const level = regionLevel(regionCode);
  if (level === 'village') return [];
  const edition = readingEdition();
  const own = level === 'national' ? ['ID'] : regionCodes(regionCode, edition).same;
  const read = (sql: string, params: unknown[]) => em.execute<ChildSum[]>(sql, params);
  let rows: ChildSum[];
  if (level === 'national') {
    rows = await read(
      `select area_code as child, indicator, sum(value)::text as value from fact_month
       where indicator = any(?::text[]) and dim = '' and province_code <> 'ID' and month >= ? and month < ?
       group by 1, 2`,
      [codes, from, to],
    );
    // An area's province in the edition read: its own code's first part, once translated.
    rows = rows.map((row) => ({ ...row, child: inEdition(row.child, edition).slice(0, 2) }));
  } else {
    const [table, columns, childColumn] =
      level === 'province'
        ? (['fact_month', MONTH_COLUMNS, 'area_code'] as const)
        : level === 'regency'
          ? (['fact_district_month', DISTRICT_MONTH_COLUMNS, 'area_code'] as const)
          : (['fact', FACT_COLUMNS, 'region_code'] as const);
    const filter = editionFilter(regionCode, columns, edition);
    const [date, dim] =
      table === 'fact' ? ['occurred_on', ''] : ['month', table === 'fact_month' ? "and dim = ''" : ''];
    rows = await read(
      `select ${childColumn} as child, indicator, sum(value)::text as value from ${table}
       where indicator = any(?::text[]) ${dim} and ${filter.sql} and ${childColumn} <> all(?::text[])
         and ${date} >= ? and ${date} < ? group by 1, 2`,
      [codes, ...filter.params, pgArray(own), from, to],
    );
    rows = rows.map((row) => ({ ...row, child: inEdition(row.child, edition) }));
  }
  return addUp(rows, (row) => `${row.child}\u0000${row.indicator}`);
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
     where f.indicator = ? and ${filter} and f.occurred_on >= ? and f.occurred_on < ? group by 1, 2, 3`,
    [...pairs.flatMap(([a, b]) => [crossDim(a, b), a, b]), indicator, ...params, from, to],
  );
}
