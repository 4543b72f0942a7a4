import type { EntityManager } from '@mikro-orm/postgresql';
import { type IndicatorValue, type Period, regionLevel } from '@sinergi/contracts';
import { pgArray } from '@sinergi/runtime';
import { PublicationLayer } from '../publication/publication.js';
import { SMALL_CELL_MAX } from '../publication/protect.js';
import { regionCodes, translated } from './geography.js';
import { periodRange } from './period.js';

/** Where the facts recorded under one code of a level are summed, at that code alone. */
const PART_SOURCES = {
  regency: { table: 'fact_month', column: 'area_code', date: 'month', total: "and dim = ''" },
  district: { table: 'fact_district_month', column: 'area_code', date: 'month', total: '' },
  village: { table: 'fact', column: 'region_code', date: 'occurred_on', total: '' },
} as const;

export const ACROSS_EDITIONS_NOTE =
  'Read across editions below province level, a treatment count is published only where the part recorded under each code is, and without breakdowns.';

/**
 * A region below the province read from codes of several editions (Kota Sorong, 96.71, from
 * what was recorded under 92.71 too): the publication layer protects the cells of each code's
 * own province block (docs/security.md, "Published figures"), which sees only the part recorded
 * under that code. So a protected count is shown only when no part of it is a small count in
 * its own block, and its breakdowns not at all: the sum of parts that are each publishable
 * gives nobody away that the parts do not.
 */
export async function acrossEditions(
  em: EntityManager,
  regionCode: string,
  period: Period,
  computed: IndicatorValue[],
): Promise<{ indicators: IndicatorValue[]; notes: string[] }> {
  const level = regionLevel(regionCode);
  const codes = regionCodes(regionCode);
  if (level === 'national' || level === 'province' || !translated(codes)) return { indicators: computed, notes: [] };
  const guarded = computed.filter((i) => PublicationLayer.protects(i.code));
  if (guarded.length === 0) return { indicators: computed, notes: [] };
  const { from, to } = periodRange(period);
  const small = new Set<string>();
  for (const part of [...codes.same, ...codes.include]) {
    const partLevel = regionLevel(part);
    if (partLevel === 'national' || partLevel === 'province') continue;
    const source = PART_SOURCES[partLevel];
    const rows = await em.execute<{ indicator: string; value: string }[]>(
      `select indicator, sum(value)::text as value from ${source.table}
       where indicator = any(?::text[]) ${source.total} and ${source.column} = ? and ${source.date} >= ? and ${source.date} < ?
       group by 1`,
      [pgArray(guarded.map((i) => i.code)), part, from, to],
    );
    for (const row of rows) {
      const value = Number(row.value);
      if (value > 0 && value <= SMALL_CELL_MAX) small.add(row.indicator);
    }
  }
  const indicators = computed.map((indicator): IndicatorValue => {
    if (!PublicationLayer.protects(indicator.code)) return indicator;
    const { hidden: _hidden, ...rest } = indicator;
    if (!small.has(indicator.code) && !indicator.suppressed) return { ...rest, breakdowns: {} };
    return { ...rest, value: null, achievementPct: null, suppressed: true, breakdowns: {} };
  });
  return { indicators, notes: [ACROSS_EDITIONS_NOTE] };
}
