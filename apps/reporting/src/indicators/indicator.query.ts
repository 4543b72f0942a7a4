import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type IndicatorValue, type Period, regionLevel } from '@sinergi/contracts';
import { INDICATORS } from './catalogue.js';
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

/** Computes the catalogue's values for one region and period from the projected facts. */
@Injectable()
export class IndicatorQuery {
  constructor(private readonly em: EntityManager) {}

  async compute(regionCode: string, period: Period): Promise<IndicatorValue[]> {
    const { from, to } = periodRange(period);
    const region = regionFilter(regionCode);
    const codes = INDICATORS.map((i) => i.code);
    const placeholders = codes.map(() => '?').join(', ');
    const where = `indicator in (${placeholders}) and ${region.sql} and occurred_on >= ? and occurred_on < ?`;
    const params = [...codes, ...region.params, from, to];
    const em = this.em.fork();
    const totals = await em.execute<{ indicator: string; total: string }[]>(
      `select indicator, sum(value) as total from fact where ${where} group by indicator`,
      params,
    );
    const splits = await em.execute<{ indicator: string; dim: string; key: string; total: string }[]>(
      `select f.indicator, d.key as dim, d.value as key, sum(f.value) as total
       from fact f, jsonb_each_text(f.dims) d where ${where} group by 1, 2, 3`,
      params,
    );
    return INDICATORS.map((definition) => {
      const breakdowns: Record<string, Record<string, number>> = {};
      for (const dim of definition.breakdowns) breakdowns[dim] = {};
      for (const split of splits) {
        if (split.indicator !== definition.code || !(split.dim in breakdowns)) continue;
        (breakdowns[split.dim] as Record<string, number>)[split.key] = Number(split.total);
      }
      const total = totals.find((t) => t.indicator === definition.code);
      return {
        code: definition.code,
        label: definition.label,
        labelId: definition.labelId,
        unit: definition.unit,
        value: Number(total?.total ?? 0),
        target: null,
        achievementPct: null,
        breakdowns,
      };
    });
  }
}
