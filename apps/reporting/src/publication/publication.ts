import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Period, regionLevel, regionLineage } from '@sinergi/contracts';
import { pgArray, RegionDirectory } from '@sinergi/runtime';
import { INDICATORS, type IndicatorDefinition } from '../indicators/catalogue.js';
import { CoordinationQuery } from '../indicators/coordination.query.js';
import { regionCodes, translated } from '../indicators/geography.js';
import { provinceVersions } from '../indicators/province-sums.js';
import {
  type BlockData,
  breakdownId,
  buildBlock,
  cellId,
  keysOf,
  type PeriodKey,
  periodKeyOf,
  publishedGrain,
} from './block.js';
import { type BlockCell, type Decision, protect, SMALL_CELL_MAX } from './protect.js';

/** How one figure leaves reporting: shown, hidden as "<5" (primary) or "x" (complementary), or never published. */
export type CellState = Decision | 'withheld';

export interface PublishedIndicator {
  value: number | null;
  suppressed: boolean;
  /** How the total is shown. */
  state: CellState;
  /** Published breakdowns: visible keys with their counts (withheld dimensions are absent). */
  breakdowns: Record<string, Record<string, number>>;
  /** Hidden breakdown keys, by dimension, with how each is hidden. */
  hidden: Record<string, Record<string, Decision>>;
}

const BELOW_PROVINCE = new Set(['regency', 'district', 'village']);
/** The indicators whose small counts are protected by block: sensitive sums of facts. */
const PROTECTED = INDICATORS.filter((d) => d.sensitive && d.source === 'facts' && !d.perUnit);
const REFERRAL_OUTCOME = 'coordination.referral_admission_rate';
/**
 * Memory for the sorts and hashes of a read that groups many regions at once (every province's
 * blocks, a period snapshot): PostgreSQL's default 4 MB spills them to disk, taking twice as long.
 */
export const SET_READ_WORK_MEM = '64MB';

/** The figures of one view (a region and period) of one treatment indicator, as the layer publishes them. */
export interface IndicatorView {
  /** A cell of the view's region or of one of its children; `dim` '' for the total. */
  state(region: string, dim?: string, key?: string): CellState;
  /** Every key of a breakdown dimension in the block, zeros included. */
  keys(dim: string): readonly string[];
}

const everything: IndicatorView = { state: () => 'visible', keys: () => [] };

/** A block's decisions, and the keys of each breakdown dimension (a hidden key may be a zero no row names). */
export interface Protection {
  decisions: Map<string, Decision>;
  keys: Map<string, string[]>;
}

/** Everything decided for one province's year of one indicator: totals and breakdowns together. */
export function protectProvince(data: BlockData): Protection {
  return { decisions: protect(buildBlock(data)), keys: keysOf(data) };
}

/** How one cell of a protected block is shown: the one rule every view of it reads. */
export function stateOf(protection: Protection, region: string, period: PeriodKey, dim = '', key = ''): CellState {
  const level = regionLevel(region);
  if (!publishedGrain(level, period, dim !== '')) return 'withheld';
  if (level === 'province' || level === 'national') return 'visible';
  const id = dim === '' ? cellId(region, period) : breakdownId(region, dim, key);
  return protection.decisions.get(id) ?? 'visible';
}

/**
 * The one publication layer every figure of reporting leaves through (indicators, report rows,
 * breakdowns, child rows, exports). Treatment counts below province level are protected per
 * province and year (./protect.ts over ./block.ts): the decision is made for the whole block and
 * kept until one of the province's figures of that year changes, so every view, endpoint and
 * period of the block agrees with every other. Figures of other indicators are shown as they are.
 */
@Injectable()
export class PublicationLayer {
  private readonly cache = new Map<string, { version: string; blocks: Promise<Map<string, Protection>> }>();

  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
    private readonly coordination: CoordinationQuery,
  ) {}

  /** Whether an indicator's small counts are protected at all. */
  static protects(indicator: string): boolean {
    return PROTECTED.some((d) => d.code === indicator);
  }

  /** How often the province's figures of the year have changed (projections/aggregates.ts, FactVersion). */
  versionOf(province: string, year: number): Promise<string> {
    return this.em
      .fork()
      .execute<{ v: string }[]>(
        'select coalesce(sum(version), 0)::text as v from fact_version where province_code = ? and year = ?',
        [province, year],
      )
      .then((rows) => rows[0]?.v ?? '0');
  }

  /**
   * A session for one read (an indicators answer, one report): the versions of the provinces it
   * touches are read once.
   */
  session(): PublicationLayer {
    const session = Object.create(this) as PublicationLayer;
    const versions = new Map<string, Promise<string>>();
    session.versionOf = (province: string, year: number) => {
      const key = `${province}|${year}`;
      let version = versions.get(key);
      if (!version) {
        version = this.versionOf(province, year);
        versions.set(key, version);
      }
      return version;
    };
    return session;
  }

  async view(indicator: string, regionCode: string, period: Period): Promise<IndicatorView> {
    if (!PublicationLayer.protects(indicator) || regionCode === 'ID') return everything;
    const province = regionLineage(regionCode).at(-2) ?? regionCode;
    const protection = await this.decisions(indicator, province, period.year);
    const periodKey = periodKeyOf(period);
    // A province whose codes changed between editions of the map (Papua Barat Daya, read with what
    // was recorded under Papua Barat's codes) is published whole, and nothing below it: its block
    // holds the codes as recorded, so a regency's cell read in another edition is outside it, and
    // the province less its other regencies would give it (docs/security.md).
    const acrossEditions = translated(regionCodes(province));
    return {
      state: (region, dim = '', key = '') =>
        acrossEditions && region !== province ? 'withheld' : stateOf(protection, region, periodKey, dim, key),
      keys: (dim) => protection.keys.get(dim) ?? [],
    };
  }

  /**
   * One indicator of a region and period as the live read publishes it: a hidden total is null
   * and `suppressed`; hidden breakdown keys are left out and named in `hidden`; withheld
   * breakdowns are left out. Counts about clients that are not sums of facts (aftercare
   * coverage, overdue follow-ups, referrals admitted) are published only for a province or the
   * nation: below it they cannot be protected from differencing with the counts beside them.
   */
  async indicator(
    definition: IndicatorDefinition,
    regionCode: string,
    period: Period,
    raw: { value: number | null; breakdowns: Record<string, Record<string, number>> },
  ): Promise<PublishedIndicator> {
    const asIs: PublishedIndicator = {
      value: raw.value,
      suppressed: false,
      state: 'visible',
      breakdowns: raw.breakdowns,
      hidden: {},
    };
    if (!definition.sensitive) return asIs;
    if (definition.code === REFERRAL_OUTCOME) return this.referralOutcome(regionCode, period, asIs);
    if (definition.source === 'query') {
      return BELOW_PROVINCE.has(regionLevel(regionCode))
        ? { value: null, suppressed: true, state: 'withheld', breakdowns: {}, hidden: {} }
        : asIs;
    }
    const view = await this.view(definition.code, regionCode, period);
    const state = view.state(regionCode);
    const breakdowns: Record<string, Record<string, number>> = {};
    const hidden: Record<string, Record<string, Decision>> = {};
    for (const [dim, keys] of Object.entries(raw.breakdowns)) {
      // A hidden zero is named like any hidden key: leaving it out would show it is a zero.
      const all = [...new Set([...Object.keys(keys), ...view.keys(dim)])];
      const states = all.map((key) => [key, view.state(regionCode, dim, key)] as const);
      if (states.some(([, s]) => s === 'withheld')) continue;
      breakdowns[dim] = Object.fromEntries(
        states
          .filter(([key, s]) => s === 'visible' && keys[key] !== undefined)
          .map(([key]) => [key, keys[key] as number]),
      );
      const gone = states.filter(([, s]) => s !== 'visible') as Array<readonly [string, Decision]>;
      if (gone.length > 0) hidden[dim] = Object.fromEntries(gone);
    }
    const shown = state === 'visible';
    return { value: shown ? raw.value : null, suppressed: !shown, state, breakdowns, hidden };
  }

  /**
   * Whether referred users were admitted: published for a whole year only, for the nation, a
   * province or a regency, and only where at least 5 of them were admitted and at least 5 were
   * not — an all-or-nothing rate tells what happened to each referred user. Regions hidden so
   * are protected against their parents' totals like any other cell (one block for the nation).
   * Enforcement officers see it only for a province or the nation (./referral-outcomes.ts).
   */
  private async referralOutcome(regionCode: string, period: Period, asIs: PublishedIndicator) {
    const hidden: PublishedIndicator = { value: null, suppressed: true, state: 'withheld', breakdowns: {}, hidden: {} };
    const level = regionLevel(regionCode);
    if (level === 'district' || level === 'village' || period.quarter || period.month) return hidden;
    const decisions = await this.referralDecisions(period.year);
    const shown = decisions.get(`A|${regionCode}`) === 'visible' && decisions.get(`N|${regionCode}`) === 'visible';
    return shown ? asIs : { ...hidden, state: 'complementary' as const };
  }

  /** Shared by every session (a session is made with Object.create: assigning a field would keep it on the session). */
  private readonly referral: {
    cached?: { year: number; at: number; decisions: Promise<Map<string, Decision>> };
  } = {};

  /** The nation's block of referral outcomes for a year, kept for a few seconds (it is one query). */
  private referralDecisions(year: number): Promise<Map<string, Decision>> {
    const cached = this.referral.cached;
    if (cached && cached.year === year && Date.now() - cached.at < 5_000) return cached.decisions;
    const decisions = this.coordination.referralsByArea(year).then((rows) => {
      const cells = new Map<string, BlockCell>();
      const sums: Array<{ total: string; parts: string[] }> = [];
      const add = (id: string, value: number, published: boolean) =>
        cells.set(id, { value: (cells.get(id)?.value ?? 0) + value, published });
      const provinces = this.regions.childrenOf('ID').map((p) => p.code);
      // Regions where someone was referred: there a count below five of either outcome is small.
      // Where nobody was, both counts are zero and tell nothing about anyone.
      const referred = new Set<string>();
      for (const row of rows) {
        if (row.recommended === 0) continue;
        for (const region of ['ID', row.province, row.regency ?? `~${row.province}`]) referred.add(region);
      }
      for (const kind of ['A', 'N'] as const) {
        const of = (row: (typeof rows)[number]) => (kind === 'A' ? row.admitted : row.recommended - row.admitted);
        add(
          `${kind}|ID`,
          rows.reduce((sum, row) => sum + of(row), 0),
          true,
        );
        sums.push({ total: `${kind}|ID`, parts: provinces.map((p) => `${kind}|${p}`) });
        for (const province of provinces) {
          const regencies = this.regions.childrenOf(province).map((r) => r.code);
          add(`${kind}|${province}`, 0, true);
          add(`${kind}|~${province}`, 0, false);
          for (const regency of regencies) add(`${kind}|${regency}`, 0, true);
          sums.push({ total: `${kind}|${province}`, parts: [`~${province}`, ...regencies].map((r) => `${kind}|${r}`) });
        }
        for (const row of rows) {
          add(`${kind}|${row.province}`, of(row), true);
          add(`${kind}|${row.regency ?? `~${row.province}`}`, of(row), row.regency !== null);
        }
      }
      return protect(
        { cells, sums },
        { small: (value, id) => value <= SMALL_CELL_MAX && referred.has(id.slice(id.indexOf('|') + 1)) },
      );
    });
    this.referral.cached = { year, at: Date.now(), decisions };
    return decisions;
  }

  /** The block's decisions, computed again only when one of its figures changed. */
  async decisions(indicator: string, province: string, year: number): Promise<Protection> {
    const blocks = await this.blocksOf(province, year);
    return blocks.get(indicator) ?? protectProvince(this.emptyBlock(province));
  }

  /**
   * Every protected indicator's block of a province and year, read in three queries and kept
   * until the province's figures of that year change. The version is read before the figures:
   * a change in between only makes the next read compute again.
   */
  private async blocksOf(province: string, year: number): Promise<Map<string, Protection>> {
    const version = await this.versionOf(province, year);
    const cached = this.cache.get(`${province}|${year}`);
    if (cached?.version === version) return cached.blocks;
    return this.computeBlocks([{ province, version }], year).get(province) as Promise<Map<string, Protection>>;
  }

  /**
   * Reads the blocks of every province of a year that are not kept under their current version,
   * in the same three queries as one province's (a report set's, before its reports ask).
   */
  async warm(year: number): Promise<void> {
    const provinces = this.regions.childrenOf('ID').map((p) => p.code);
    const versions = await provinceVersions(this.em.fork(), provinces, year);
    const stale = versions
      .filter(({ province, v }) => this.cache.get(`${province}|${year}`)?.version !== v)
      .map(({ province, v }) => ({ province, version: v }));
    if (stale.length > 0) await Promise.all(this.computeBlocks(stale, year).values());
  }

  private emptyBlock(province: string): BlockData {
    const regencies = this.regions.childrenOf(province).map((r) => r.code);
    return {
      province,
      regencies,
      districtsOf: new Map(regencies.map((r) => [r, this.regions.childrenOf(r).map((d) => d.code)])),
      months: [],
      districts: [],
      breakdowns: [],
    };
  }

  /** Reads the provinces' blocks and keeps each under the version read before it. */
  private computeBlocks(
    provinces: Array<{ province: string; version: string }>,
    year: number,
  ): Map<string, Promise<Map<string, Protection>>> {
    // One snapshot for the three reads: figures read at different moments need not add up
    // (and a block that does not add up publishes nothing below the province, see protect.ts).
    const read = this.em.fork().transactional(
      (em) =>
        this.readBlocks(
          em,
          provinces.map((p) => p.province),
          year,
        ),
      { isolationLevel: 'repeatable read', readOnly: true },
    );
    const result = new Map<string, Promise<Map<string, Protection>>>();
    for (const { province, version } of provinces) {
      const key = `${province}|${year}`;
      const blocks = read.then((all) => all.get(province) as Map<string, Protection>);
      this.cache.set(key, { version, blocks });
      blocks.catch(() => this.cache.get(key)?.blocks === blocks && this.cache.delete(key));
      result.set(province, blocks);
    }
    // The cache is per process and small: a province and year in use each.
    while (this.cache.size > 500) this.cache.delete(this.cache.keys().next().value as string);
    return result;
  }

  private async readBlocks(
    em: EntityManager,
    provinces: string[],
    year: number,
  ): Promise<Map<string, Map<string, Protection>>> {
    const from = `${year}-01-01`;
    const to = `${year + 1}-01-01`;
    const codes = PROTECTED.map((d) => d.code);
    const dims = [...new Set(PROTECTED.flatMap((d) => d.breakdowns))];
    await em.execute(`set local work_mem = '${SET_READ_WORK_MEM}'`);
    type Row = { province: string; indicator: string };
    const [months, districts, breakdowns] = await Promise.all([
      em.execute<(Row & { area: string; month: number; value: number })[]>(
        `select province_code as province, indicator, area_code as area, extract(month from month)::int as month,
           value::float8 as value
         from fact_month where indicator = any(?::text[]) and province_code = any(?::text[]) and dim = ''
           and month >= ? and month < ?`,
        [pgArray(codes), pgArray(provinces), from, to],
      ),
      em.execute<(Row & { area: string; regency: string | null; value: number })[]>(
        `select province_code as province, indicator, area_code as area, regency_code as regency,
           sum(value)::float8 as value
         from fact_district_month where indicator = any(?::text[]) and province_code = any(?::text[])
           and month >= ? and month < ?
         group by 1, 2, 3, 4`,
        [pgArray(codes), pgArray(provinces), from, to],
      ),
      em.execute<(Row & { area: string; dim: string; key: string; value: number })[]>(
        `select province_code as province, indicator, area_code as area, dim, key, sum(value)::float8 as value
         from fact_month where indicator = any(?::text[]) and province_code = any(?::text[]) and dim = any(?::text[])
           and month >= ? and month < ?
         group by 1, 2, 3, 4, 5`,
        [pgArray(codes), pgArray(provinces), pgArray(dims), from, to],
      ),
    ]);
    const grouped = <T extends Row>(rows: T[]) => {
      const by = new Map<string, T[]>();
      for (const row of rows) {
        const id = `${row.province}|${row.indicator}`;
        const list = by.get(id) ?? [];
        list.push(row);
        by.set(id, list);
      }
      return (province: string, indicator: string) => by.get(`${province}|${indicator}`) ?? [];
    };
    const [monthsOf, districtsOf, breakdownsOf] = [grouped(months), grouped(districts), grouped(breakdowns)];
    return new Map(
      provinces.map((province) => {
        const empty = this.emptyBlock(province);
        return [
          province,
          new Map(
            PROTECTED.map((definition) => [
              definition.code,
              protectProvince({
                ...empty,
                months: monthsOf(province, definition.code),
                districts: districtsOf(province, definition.code),
                breakdowns: breakdownsOf(province, definition.code).filter((r) =>
                  definition.breakdowns.includes(r.dim),
                ),
              }),
            ]),
          ),
        ];
      }),
    );
  }
}
