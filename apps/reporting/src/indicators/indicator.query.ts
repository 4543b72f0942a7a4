import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type IndicatorValue, type Period, regionLevel } from '@sinergi/contracts';
import { achievementPct } from '../targets/achievement.js';
import { INDICATORS, indicatorByCode } from './catalogue.js';
import { CoordinationQuery } from './coordination.query.js';
import { childSumsOf, sumsOf } from './rollup.js';

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

  /** The fact-based indicators' codes: the only ones the aggregates hold. */
  private readonly factCodes = INDICATORS.filter((i) => i.source === 'facts').map((i) => i.code);

  /** Totals and breakdowns of every fact-based indicator for the region and below. */
  async raw(regionCode: string, period: Period): Promise<Map<string, RawIndicator>> {
    const [sums, computed] = await Promise.all([
      sumsOf(this.em.fork(), regionCode, period, this.factCodes),
      this.coordination.compute(regionCode, period),
    ]);
    const result = new Map<string, RawIndicator>();
    for (const definition of INDICATORS) {
      if (definition.source !== 'facts') continue;
      const breakdowns: Record<string, Record<string, number>> = {};
      for (const dim of definition.breakdowns) breakdowns[dim] = {};
      result.set(definition.code, { code: definition.code, value: 0, breakdowns });
    }
    for (const s of sums) {
      const entry = result.get(s.indicator);
      if (!entry) continue;
      if (s.dim === '') entry.value = indicatorByCode(s.indicator)?.perUnit ? null : Number(s.value);
      else {
        const dims = entry.breakdowns[s.dim];
        if (dims) dims[s.key] = Number(s.value);
      }
    }
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
    const rows = await childSumsOf(this.em.fork(), regionCode, period, this.factCodes);
    const result = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const values = result.get(row.child) ?? new Map<string, number>();
      values.set(row.indicator, Number(row.value));
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
