import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Period, regionLevel } from '@sinergi/contracts';
import { pgArray, RegionDirectory } from '@sinergi/runtime';
import { readIn, readingEdition, regionCodes, translated } from './geography.js';
import { periodRange } from './period.js';
import { addUp, type ChildSum, childSumsOf, type Sum, sumId, sumsOf } from './rollup.js';

/**
 * Provinces × periods × indicator sets (× edition read) kept, least recently used first out. A national period is
 * 39 entries (38 provinces and what was recorded at national level); at the P3 bench's density
 * (a few hundred sums a province and year) 400 entries hold about 15–20 MB of reporting's 200 MB
 * (docs/benchmarks.md, P5).
 */
const MAX_ENTRIES = 400;

interface Entry {
  version: string;
  sums: Promise<Sum[]>;
}

/**
 * How often each province's figures of a year have changed (FactVersion in
 * projections/aggregates.ts), whether or not it has a version yet: aggregates written before
 * versions existed count as version 0.
 */
export function provinceVersions(
  em: EntityManager,
  provinces: string[],
  year: number,
): Promise<Array<{ province: string; v: string }>> {
  return em.execute<{ province: string; v: string }[]>(
    `select p as province, coalesce(sum(version), 0)::text as v
       from unnest(?::text[]) as p left join fact_version on province_code = p and year = ? group by 1`,
    [pgArray(provinces), year],
  );
}

/**
 * The sums of a province, and of the nation as the sum of its provinces, for a period: each
 * province's sums are kept until that province's figures of the year change (FactVersion in
 * projections/aggregates.ts, bumped in the projection's own transaction). A national read after
 * one event re-reads the one province it moved instead of the whole country's aggregates, and
 * no national or province row is ever written by an event. The version is read before the sums,
 * so what is kept under a version is never older than it: a change in between only means one
 * extra re-read.
 */
@Injectable()
export class ProvinceSums {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
  ) {}

  /** Totals (dim '') and breakdowns of the region and period; below province level, read directly. */
  async of(regionCode: string, period: Period, indicators: string[]): Promise<Sum[]> {
    const level = regionLevel(regionCode);
    if (level === 'province') return (await this.byProvince(period, indicators, regionCode)).get(regionCode) ?? [];
    if (level !== 'national') return sumsOf(this.em.fork(), regionCode, period, indicators);
    return addUp([...(await this.byProvince(period, indicators)).values()].flat(), sumId);
  }

  /**
   * Each child region's totals; for the nation, each province's totals from what is kept (what
   * was recorded at national level has no child). Below, read directly.
   */
  async childSums(regionCode: string, period: Period, indicators: string[]): Promise<ChildSum[]> {
    if (regionLevel(regionCode) !== 'national') return childSumsOf(this.em.fork(), regionCode, period, indicators);
    const rows: ChildSum[] = [];
    for (const [province, sums] of await this.byProvince(period, indicators)) {
      if (province === 'ID') continue;
      for (const sum of sums)
        if (sum.dim === '') rows.push({ child: province, indicator: sum.indicator, value: sum.value });
    }
    return rows;
  }

  /**
   * Every province's sums (or one province's), in the edition read (./geography.ts), re-reading
   * only those whose version moved: in one query those no crosswalk touches, one query each for
   * the few that take codes from another province or give some away (Papua Barat Daya, 96, holds
   * what was recorded under 92.71 before 2025). Such a province's version is that of every
   * province its codes come from.
   */
  private async byProvince(period: Period, indicators: string[], only?: string): Promise<Map<string, Sum[]>> {
    const edition = readingEdition();
    const directory = RegionDirectory.ofEdition(edition) ?? this.regions;
    // Every province and what was recorded at national level.
    const provinces = only ? [only] : ['ID', ...directory.childrenOf('ID').map((p) => p.code)];
    // The provinces each one's codes come from: itself, or (read across editions) its aliases'
    // and those of the codes it takes in.
    const sources = new Map(
      provinces.map((province) => {
        const codes = regionCodes(province, edition);
        const plain = !translated(codes);
        const from = plain ? [province] : [...new Set([...codes.same, ...codes.include.map((c) => c.slice(0, 2))])];
        return [province, { plain, from }];
      }),
    );
    const raw = [...new Set([...sources.values()].flatMap((s) => s.from))];
    const rawVersion = new Map(
      (await provinceVersions(this.em.fork(), raw, period.year)).map((r) => [r.province, r.v]),
    );
    const versions = provinces.map((province) => {
      const { plain, from } = sources.get(province) as { plain: boolean; from: string[] };
      const v = plain
        ? (rawVersion.get(province) ?? '0')
        : from.map((p) => `${p}:${rawVersion.get(p) ?? '0'}`).join(',');
      return { province, v, plain };
    });
    const scope = `${edition}|${period.year}|${period.quarter ?? ''}|${period.month ?? ''}|${indicators.join(',')}`;
    const result = new Map<string, Promise<Sum[]>>();
    const stale: typeof versions = [];
    for (const version of versions) {
      const key = `${version.province}|${scope}`;
      const entry = this.cache.get(key);
      if (entry && entry.version === version.v) {
        this.cache.delete(key); // most recently used last
        this.cache.set(key, entry);
        result.set(version.province, entry.sums);
      } else stale.push(version);
    }
    if (stale.length > 0) {
      const plain = stale.filter((s) => s.plain);
      const read =
        plain.length > 0
          ? this.read(
              period,
              indicators,
              plain.map((s) => s.province),
            )
          : undefined;
      for (const { province, v, plain: isPlain } of stale) {
        const key = `${province}|${scope}`;
        const sums =
          isPlain && read
            ? read.then((rows) => rows.get(province) ?? [])
            : readIn(edition, () => sumsOf(this.em.fork(), province, period, indicators));
        this.cache.set(key, { version: v, sums });
        sums.catch(() => this.cache.get(key)?.sums === sums && this.cache.delete(key));
        result.set(province, sums);
      }
      while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    }
    const loaded = new Map<string, Sum[]>();
    for (const [province, sums] of result) loaded.set(province, await sums);
    return loaded;
  }

  private async read(period: Period, indicators: string[], provinces: string[]): Promise<Map<string, Sum[]>> {
    const { from, to } = periodRange(period);
    const rows = await this.em.fork().execute<(Sum & { province: string })[]>(
      `select province_code as province, indicator, dim, key, sum(value)::text as value from fact_month
       where indicator = any(?::text[]) and province_code = any(?::text[]) and month >= ? and month < ?
       group by 1, 2, 3, 4`,
      [pgArray(indicators), pgArray(provinces), from, to],
    );
    const byProvince = new Map<string, Sum[]>();
    for (const { province, ...sum } of rows) {
      const sums = byProvince.get(province) ?? [];
      sums.push(sum);
      byProvince.set(province, sums);
    }
    return byProvince;
  }
}
