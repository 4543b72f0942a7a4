import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type IndicatorValue, type Period, type RegionLevel, regionLevel } from '@sinergi/contracts';
import { achievementPct } from '../targets/achievement.js';
import { INDICATORS } from './catalogue.js';
import { CoordinationQuery } from './coordination.query.js';
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

/** The column holding a fact's ancestor one level below `level`. */
const CHILD_COLUMN: Record<RegionLevel, string | null> = {
  national: 'province_code',
  province: 'regency_code',
  regency: 'district_code',
  district: 'region_code',
  village: null,
};

export interface RawIndicator {
  code: string;
  value: number | null;
  breakdowns: Record<string, Record<string, number>>;
}

/** Computes the catalogue's values for a region and period from the projected facts. */
@Injectable()
export class IndicatorQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly coordination: CoordinationQuery,
  ) {}

  private scope(regionCode: string, period: Period) {
    const { from, to } = periodRange(period);
    const region = regionFilter(regionCode);
    const codes = INDICATORS.filter((i) => i.source === 'facts').map((i) => i.code);
    return {
      where: `indicator in (${codes.map(() => '?').join(', ')}) and ${region.sql} and occurred_on >= ? and occurred_on < ?`,
      params: [...codes, ...region.params, from, to],
    };
  }

  /** Totals and breakdowns of every fact-based indicator for the region and below. */
  async raw(regionCode: string, period: Period): Promise<Map<string, RawIndicator>> {
    const { where, params } = this.scope(regionCode, period);
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
    const result = new Map<string, RawIndicator>();
    for (const definition of INDICATORS) {
      if (definition.source !== 'facts') continue;
      const breakdowns: Record<string, Record<string, number>> = {};
      for (const dim of definition.breakdowns) breakdowns[dim] = {};
      result.set(definition.code, { code: definition.code, value: 0, breakdowns });
    }
    for (const t of totals) {
      const entry = result.get(t.indicator);
      if (entry) entry.value = Number(t.total);
    }
    for (const s of splits) {
      const dims = result.get(s.indicator)?.breakdowns[s.dim];
      if (dims) dims[s.key] = Number(s.total);
    }
    const computed = await this.coordination.compute(regionCode, period);
    for (const definition of INDICATORS) {
      if (definition.source !== 'query') continue;
      const value = computed.get(definition.code);
      result.set(definition.code, {
        code: definition.code,
        value: value?.value ?? null,
        breakdowns: value?.breakdowns ?? {},
      });
    }
    return result;
  }

  /** Each child region's totals (child code → indicator → value); facts recorded at the region itself have no child. */
  async byChild(regionCode: string, period: Period): Promise<Map<string, Map<string, number>>> {
    const column = CHILD_COLUMN[regionLevel(regionCode)];
    const result = new Map<string, Map<string, number>>();
    if (!column) return result;
    const { where, params } = this.scope(regionCode, period);
    const rows = await this.em.fork().execute<{ child: string | null; indicator: string; total: string }[]>(
      `select ${column} as child, indicator, sum(value) as total from fact where ${where} and ${column} is not null
         and ${column} <> ? group by 1, 2`,
      [...params, regionCode],
    );
    for (const row of rows) {
      if (!row.child) continue;
      const values = result.get(row.child) ?? new Map<string, number>();
      values.set(row.indicator, Number(row.total));
      result.set(row.child, values);
    }
    return result;
  }

  /** Targets set for the region and year, by indicator. */
  async targets(regionCode: string, year: number): Promise<Map<string, number>> {
    const rows = await this.em
      .fork()
      .execute<{ indicator: string; target: string }[]>(
        'select indicator, target from target where region_code = ? and year = ?',
        [regionCode, year],
      );
    return new Map(rows.map((r) => [r.indicator, Number(r.target)]));
  }

  /** The live answer: every indicator with its target and achievement (targets are yearly). */
  async compute(regionCode: string, period: Period): Promise<IndicatorValue[]> {
    const [raw, targets] = await Promise.all([this.raw(regionCode, period), this.targets(regionCode, period.year)]);
    const yearly = !period.quarter && !period.month;
    return INDICATORS.map((definition) => {
      const entry = raw.get(definition.code) as RawIndicator;
      const target = yearly ? (targets.get(definition.code) ?? null) : null;
      return {
        code: definition.code,
        label: definition.label,
        labelId: definition.labelId,
        unit: definition.unit,
        value: entry.value,
        target,
        achievementPct: achievementPct(entry.value, target),
        breakdowns: entry.breakdowns,
      };
    });
  }
}
