import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Period, regionLevel } from '@sinergi/contracts';
import { pgArray } from '@sinergi/runtime';
import { PublicationLayer, SET_READ_WORK_MEM } from '../publication/publication.js';
import { periodKey } from '../reports/report-key.js';
import { periodRange } from './period.js';
import { ProvinceSums } from './province-sums.js';
import { addUp, type ChildSum, type Sum, sumId } from './rollup.js';

/** Where a report reads its sums: every region's own read (ProvinceSums), or one snapshot of them all. */
export interface Figures {
  of(regionCode: string, period: Period, indicators: string[]): Promise<Sum[]>;
  childSums(regionCode: string, period: Period, indicators: string[]): Promise<ChildSum[]>;
}

/** How long a snapshot no report asked for is kept. */
const IDLE_MS = 120_000;

const childId = (s: ChildSum) => `${s.child}\u0000${s.indicator}`;

/** How often any figure of a year has changed: the sum of its FactVersions (projections/aggregates.ts). */
function yearVersion(em: EntityManager, year: number): Promise<string> {
  return em
    .execute<{ v: string }[]>('select coalesce(sum(version), 0)::text as v from fact_version where year = ?', [year])
    .then((rows) => rows[0]?.v ?? '0');
}

/**
 * Every region's sums of one period down to regency level, read in one pass over the aggregates
 * in one snapshot: `fact_month` grouped by its area (a regency, or what a province recorded
 * itself), `fact_district_month` grouped by district. The nation, a province and a regency are
 * then sums of areas, and child rows are areas or districts, exactly as ProvinceSums and
 * rollup.ts read them one region at a time. Below regency level it reads as they do.
 */
export class PeriodSnapshot implements Figures {
  private readonly byArea = new Map<string, Sum[]>();
  private readonly provinceOf = new Map<string, string>();
  private readonly districtsOf = new Map<string, ChildSum[]>();
  private readonly rolled = new Map<string, Sum[]>();

  private constructor(
    readonly period: Period,
    readonly version: string,
    private readonly indicators: string,
    private readonly fallback: Figures,
  ) {}

  /** Reads the snapshot; `version` is the year's FactVersion sum read in the same transaction. */
  static async read(em: EntityManager, period: Period, indicators: string[], fallback: Figures) {
    return em.fork().transactional(
      async (tx) => {
        const { from, to } = periodRange(period);
        await tx.execute(`set local work_mem = '${SET_READ_WORK_MEM}'`);
        const version = await yearVersion(tx, period.year);
        const [areas, districts] = await Promise.all([
          tx.execute<(Sum & { area: string; province: string })[]>(
            `select area_code as area, province_code as province, indicator, dim, key, sum(value)::text as value
             from fact_month where indicator = any(?::text[]) and month >= ? and month < ? group by 1, 2, 3, 4, 5`,
            [pgArray(indicators), from, to],
          ),
          tx.execute<(ChildSum & { regency: string })[]>(
            `select regency_code as regency, area_code as child, indicator, sum(value)::text as value
             from fact_district_month where indicator = any(?::text[]) and regency_code is not null
               and area_code <> regency_code and month >= ? and month < ? group by 1, 2, 3`,
            [pgArray(indicators), from, to],
          ),
        ]);
        const snapshot = new PeriodSnapshot(period, version, indicators.join(','), fallback);
        for (const { area, province, ...sum } of areas) {
          const sums = snapshot.byArea.get(area) ?? [];
          sums.push(sum);
          snapshot.byArea.set(area, sums);
          snapshot.provinceOf.set(area, province);
        }
        for (const { regency, ...child } of districts) {
          const rows = snapshot.districtsOf.get(regency) ?? [];
          rows.push(child);
          snapshot.districtsOf.set(regency, rows);
        }
        return snapshot;
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  private covers(period: Period, indicators: string[]) {
    return periodKey(period) === periodKey(this.period) && indicators.join(',') === this.indicators;
  }

  /** The areas of a region: every area for the nation, a province's own and its regencies', a regency itself. */
  private areasOf(regionCode: string): string[] {
    const level = regionLevel(regionCode);
    if (level === 'national') return [...this.byArea.keys()];
    if (level === 'province') return [...this.byArea.keys()].filter((a) => this.provinceOf.get(a) === regionCode);
    return this.byArea.has(regionCode) ? [regionCode] : [];
  }

  async of(regionCode: string, period: Period, indicators: string[]): Promise<Sum[]> {
    const level = regionLevel(regionCode);
    if (!this.covers(period, indicators) || level === 'district' || level === 'village')
      return this.fallback.of(regionCode, period, indicators);
    let sums = this.rolled.get(regionCode);
    if (!sums) {
      const areas = this.areasOf(regionCode);
      sums =
        areas.length === 1
          ? (this.byArea.get(areas[0] as string) ?? [])
          : addUp(
              areas.flatMap((a) => this.byArea.get(a) ?? []),
              sumId,
            );
      if (level !== 'regency') this.rolled.set(regionCode, sums);
    }
    return sums;
  }

  async childSums(regionCode: string, period: Period, indicators: string[]): Promise<ChildSum[]> {
    const level = regionLevel(regionCode);
    if (!this.covers(period, indicators) || level === 'district' || level === 'village')
      return this.fallback.childSums(regionCode, period, indicators);
    if (level === 'regency') return this.districtsOf.get(regionCode) ?? [];
    // The nation's children are provinces (what was recorded at national level has none); a
    // province's are its regencies (what it recorded itself has none).
    const totals = this.areasOf(regionCode)
      .filter((area) => area !== regionCode && area !== 'ID')
      .flatMap((area) => {
        const child = level === 'national' ? (this.provinceOf.get(area) as string) : area;
        return (this.byArea.get(area) ?? [])
          .filter((s) => s.dim === '')
          .map((s) => ({ child, indicator: s.indicator, value: s.value }));
      });
    return level === 'national' ? addUp(totals, childId) : totals;
  }
}

/**
 * Snapshots for report sets: the scheduled reports of a period (every regency, province and the
 * nation) read their sums from one snapshot of the period instead of two reads per region, and
 * the publication layer's blocks of the year are read for every province at once. A snapshot
 * serves while the year's figures stay as they were (the sum of its FactVersions); it is taken
 * only of a quiet year: where the version moved since the last report asked, reports read as
 * on demand, so a year still receiving events is never read whole for each report. One snapshot
 * a period, dropped after two idle minutes.
 */
@Injectable()
export class PeriodSnapshots {
  private readonly kept = new Map<string, { snapshot: Promise<PeriodSnapshot>; timer: NodeJS.Timeout }>();
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly em: EntityManager,
    private readonly sums: ProvinceSums,
    private readonly publication: PublicationLayer,
  ) {}

  /** The figures a report of a set reads: the period's snapshot where the year is quiet, else each region's own. */
  async figuresFor(period: Period, indicators: string[]): Promise<Figures> {
    const key = `${periodKey(period)}|${indicators.join(',')}`;
    const version = await yearVersion(this.em.fork(), period.year);
    const kept = this.kept.get(key);
    if (kept) {
      const snapshot = await kept.snapshot.catch(() => undefined);
      if (snapshot?.version === version) {
        kept.timer.refresh();
        return snapshot;
      }
      this.drop(key);
    }
    const quiet = this.seen.get(key) === version;
    this.seen.delete(key);
    this.seen.set(key, version);
    if (this.seen.size > 64) this.seen.delete(this.seen.keys().next().value as string);
    if (!quiet) return this.sums;
    const snapshot = PeriodSnapshot.read(this.em, period, indicators, this.sums);
    const entry = {
      snapshot,
      timer: setTimeout(() => this.kept.get(key) === entry && this.drop(key), IDLE_MS).unref(),
    };
    this.kept.set(key, entry);
    await this.publication.warm(period.year);
    // A snapshot whose version moved while it was read serves nobody: the next ask reads again.
    return (await snapshot.catch(() => undefined)) ?? this.sums;
  }

  private drop(key: string) {
    const kept = this.kept.get(key);
    if (!kept) return;
    clearTimeout(kept.timer);
    this.kept.delete(key);
  }

  /** Drops every snapshot (on shutdown). */
  clear() {
    for (const key of [...this.kept.keys()]) this.drop(key);
  }
}
