import { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@sinergi/runtime';
import { Injectable } from '@nestjs/common';
import { type IndicatorValue, type Period, type ReferenceFigure } from '@sinergi/contracts';
import { PublicationLayer } from '../publication/publication.js';
import { referenceFiguresFor } from '../reference-figures/reference-figures.js';
import { achievementPct } from '../targets/achievement.js';
import { INDICATORS, indicatorByCode } from './catalogue.js';
import { CoordinationQuery } from './coordination.query.js';
import type { Figures } from './period-snapshot.js';
import { ProvinceSums } from './province-sums.js';
import { treatmentCoverage } from './treatment-coverage.js';

export interface RawIndicator {
  code: string;
  value: number | null;
  breakdowns: Record<string, Record<string, number>>;
  /** What the value rests on, or why it is empty (treatment coverage's estimate). */
  note?: string;
}

/** The one indicator that divides by a survey's figure rather than by another count. */
const TREATMENT_COVERAGE = 'rehab.treatment_coverage';

/** Computes the catalogue's values for a region and period from the projected facts. */
@Injectable()
export class IndicatorQuery {
  constructor(
    private readonly em: EntityManager,
    private readonly coordination: CoordinationQuery,
    private readonly publication: PublicationLayer,
    private readonly sums: ProvinceSums,
  ) {}

  /** The fact-based indicators' codes: the only ones the aggregates hold. */
  readonly factCodes = INDICATORS.filter((i) => i.source === 'facts').map((i) => i.code);

  /** Totals and breakdowns of every fact-based indicator for the region and below. */
  async raw(regionCode: string, period: Period, figures: Figures = this.sums): Promise<Map<string, RawIndicator>> {
    const [sums, computed, coverage] = await Promise.all([
      figures.of(regionCode, period, this.factCodes),
      this.coordination.compute(regionCode, period),
      this.treatmentCoverage(regionCode, period),
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
      if (definition.code === TREATMENT_COVERAGE) {
        result.set(definition.code, { code: definition.code, ...coverage });
        continue;
      }
      const value = computed.get(definition.code);
      result.set(definition.code, {
        code: definition.code,
        value: value?.value ?? null,
        breakdowns: value?.breakdowns ?? {},
      });
    }
    return result;
  }

  /** The region's survey figures that stand beside a period of `year` (reference-figures/). */
  references(regionCode: string, year: number): Promise<ReferenceFigure[]> {
    return referenceFiguresFor(this.em.fork(), regionCode, year);
  }

  /** `rehab.treatment_coverage`: people in treatment over the region's estimated users. */
  private async treatmentCoverage(regionCode: string, period: Period) {
    const em = this.em.fork();
    return treatmentCoverage(em, regionCode, period, await referenceFiguresFor(em, regionCode, period.year));
  }

  /** Each child region's totals (child code → indicator → value); facts recorded at the region itself have no child. */
  async byChild(
    regionCode: string,
    period: Period,
    figures: Figures = this.sums,
  ): Promise<Map<string, Map<string, number>>> {
    const rows = await figures.childSums(regionCode, period, this.factCodes);
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
    return (await this.targetsOf([regionCode], year)).get(regionCode) ?? new Map();
  }

  /** Targets set for each of some regions and a year: region → indicator → target. */
  async targetsOf(regionCodes: string[], year: number): Promise<Map<string, Map<string, number>>> {
    const result = new Map<string, Map<string, number>>();
    if (regionCodes.length === 0) return result;
    const rows = await this.em
      .fork()
      .execute<{ region_code: string; indicator: string; target: string }[]>(
        'select region_code, indicator, target from target where region_code = any(?::text[]) and year = ?',
        [pgArray(regionCodes), year],
      );
    for (const row of rows) {
      const targets = result.get(row.region_code) ?? new Map<string, number>();
      targets.set(row.indicator, Number(row.target));
      result.set(row.region_code, targets);
    }
    return result;
  }

  /** The live answer: every indicator with its target and achievement (targets are yearly), as published. */
  async compute(regionCode: string, period: Period): Promise<IndicatorValue[]> {
    const [raw, targets] = await Promise.all([this.raw(regionCode, period), this.targets(regionCode, period.year)]);
    const yearly = !period.quarter && !period.month;
    const publication = this.publication.session();
    return Promise.all(
      INDICATORS.map(async (definition) => {
        const entry = raw.get(definition.code) as RawIndicator;
        const target = yearly ? (targets.get(definition.code) ?? null) : null;
        const published = await publication.indicator(definition, regionCode, period, entry);
        return {
          code: definition.code,
          label: definition.label,
          labelId: definition.labelId,
          unit: definition.unit,
          value: published.value,
          target,
          achievementPct: published.suppressed ? null : achievementPct(published.value, target, definition.direction),
          direction: definition.direction,
          breakdowns: published.breakdowns,
          ...(published.suppressed ? { suppressed: true } : {}),
          ...(entry.note && !published.suppressed ? { note: entry.note } : {}),
          ...(Object.keys(published.hidden).length > 0
            ? {
                hidden: Object.fromEntries(
                  Object.entries(published.hidden).map(([dim, keys]) => [dim, Object.keys(keys)]),
                ),
              }
            : {}),
        };
      }),
    );
  }
}
