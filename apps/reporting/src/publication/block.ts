import { type Period, type RegionLevel, regionLevel } from '@sinergi/contracts';
import type { Block, BlockCell, Sum } from './protect.js';

/**
 * One province's year of one treatment indicator as a block of cells for the protection
 * algorithm (./protect.ts), and what of it is ever published:
 * - the province: every period and breakdown, exactly (figures at province level are public);
 * - a regency: its total and its breakdowns for the whole year;
 * - a district: its total for the year;
 * - a quarter or a month below province level, a village, a breakdown of a quarter or a month
 *   at any level, and anything recorded at a region itself rather than in one of its children:
 *   never. Those cells still belong to the block where their sums bind the published ones
 *   (what a province or regency recorded itself, a regency's months under the province's).
 * Treatment counts of a regency's month are mostly small: publishing them would hand every
 * small one a second way to be solved (the year minus the other months) for little use, so
 * below province level they are published by the year; the province publishes its months, and
 * breakdowns are published by the year (a province's monthly breakdown would tell the month's
 * breakdown of a regency that was the only one active in it).
 */
export const PERIODS = ['Y', 'Q1', 'Q2', 'Q3', 'Q4', ...Array.from({ length: 12 }, (_, i) => `M${i + 1}`)] as const;
export type PeriodKey = (typeof PERIODS)[number];

export function periodKeyOf(period: Period): PeriodKey {
  if (period.month) return `M${period.month}` as PeriodKey;
  if (period.quarter) return `Q${period.quarter}` as PeriodKey;
  return 'Y';
}

/** Whether a treatment figure of this level and period is published at all (not withheld). */
export function publishedGrain(level: RegionLevel, period: PeriodKey, breakdown: boolean): boolean {
  if (breakdown && period !== 'Y') return false;
  if (level === 'national' || level === 'province') return true;
  if (level === 'regency') return period === 'Y';
  if (level === 'district') return !breakdown && period === 'Y';
  return false;
}

export const cellId = (region: string, period: PeriodKey) => `${region}|${period}`;
/** A key of a year's breakdown. */
export const breakdownId = (region: string, dim: string, key: string) => `${region}|Y|${dim}=${key}`;
/** What a year's breakdown leaves without a key (a fact that does not name it). */
const restId = (region: string, dim: string) => `${region}|Y|${dim}~`;
/** What is recorded at a region itself, not in one of its children. */
export const ownPart = (region: string) => `~${region}`;

export interface BlockData {
  province: string;
  regencies: readonly string[];
  districtsOf: ReadonlyMap<string, readonly string[]>;
  /** Totals by month of each regency, and of what the province recorded itself (area = province). */
  months: ReadonlyArray<{ area: string; month: number; value: number }>;
  /** Yearly totals of each district, and of what a regency recorded itself (area = the regency). */
  districts: ReadonlyArray<{ area: string; regency: string | null; value: number }>;
  /** Yearly breakdowns of each regency and of what the province recorded itself (area = province). */
  breakdowns?: ReadonlyArray<{ area: string; dim: string; key: string; value: number }>;
}

/** The keys of each breakdown dimension anywhere in the block (a regency's missing key is a zero). */
export function keysOf(data: BlockData): Map<string, string[]> {
  const keys = new Map<string, Set<string>>();
  for (const row of data.breakdowns ?? []) {
    const set = keys.get(row.dim) ?? new Set<string>();
    set.add(row.key);
    keys.set(row.dim, set);
  }
  return new Map([...keys].map(([dim, set]) => [dim, [...set].sort()]));
}

export function buildBlock(data: BlockData): Block {
  const cells = new Map<string, BlockCell>();
  const sums: Sum[] = [];
  const { province, regencies } = data;
  const monthly = new Map<string, number[]>();
  const monthsOf = (region: string) => {
    let values = monthly.get(region);
    if (!values) {
      values = new Array(12).fill(0);
      monthly.set(region, values);
    }
    return values;
  };
  for (const row of data.months) {
    const region = row.area === province ? ownPart(province) : row.area;
    const values = monthsOf(region);
    values[row.month - 1] = (values[row.month - 1] ?? 0) + row.value;
    const total = monthsOf(province);
    total[row.month - 1] = (total[row.month - 1] ?? 0) + row.value;
  }
  const valueIn = (months: number[], period: PeriodKey) => {
    if (period === 'Y') return months.reduce((a, b) => a + b, 0);
    if (period[0] === 'Q') {
      const q = Number(period.slice(1));
      return months.slice((q - 1) * 3, q * 3).reduce((a, b) => a + b, 0);
    }
    return months[Number(period.slice(1)) - 1] ?? 0;
  };

  // Province, its own part and its regencies: every period, with the sums that tie the periods.
  for (const region of [province, ownPart(province), ...regencies]) {
    const months = monthsOf(region);
    const level = region === province ? 'province' : region.startsWith('~') ? 'own' : regionLevel(region);
    for (const period of PERIODS) {
      cells.set(cellId(region, period), {
        value: valueIn(months, period),
        published: level !== 'own' && publishedGrain(level as RegionLevel, period, false),
        ...(level === 'province' ? { public: true } : {}),
        ...(region !== province && region !== ownPart(province) ? { sensitive: true } : {}),
      });
    }
    sums.push({
      total: cellId(region, 'Y'),
      parts: ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => cellId(region, q as PeriodKey)),
    });
    for (let q = 1; q <= 4; q++) {
      sums.push({
        total: cellId(region, `Q${q}` as PeriodKey),
        parts: [1, 2, 3].map((m) => cellId(region, `M${(q - 1) * 3 + m}` as PeriodKey)),
      });
    }
  }
  for (const period of PERIODS) {
    sums.push({
      total: cellId(province, period),
      parts: [ownPart(province), ...regencies].map((r) => cellId(r, period)),
    });
  }

  // Each regency's year as its districts' and its own part.
  const yearly = new Map<string, number>();
  for (const row of data.districts) {
    if (row.regency === null) continue;
    const region = row.area === row.regency ? ownPart(row.regency) : row.area;
    yearly.set(region, (yearly.get(region) ?? 0) + row.value);
  }
  for (const regency of regencies) {
    const districts = data.districtsOf.get(regency) ?? [];
    cells.set(cellId(ownPart(regency), 'Y'), {
      value: yearly.get(ownPart(regency)) ?? 0,
      published: false,
      sensitive: true,
    });
    for (const district of districts) {
      cells.set(cellId(district, 'Y'), { value: yearly.get(district) ?? 0, published: true, sensitive: true });
    }
    sums.push({
      total: cellId(regency, 'Y'),
      parts: [ownPart(regency), ...districts].map((d) => cellId(d, 'Y')),
    });
  }

  // The year's breakdowns of the province, its own part and its regencies, each adding up to the
  // year's total (with what no key names), and each key of the province to its parts' keys.
  const parts = [ownPart(province), ...regencies];
  const breakdown = new Map<string, number>();
  for (const row of data.breakdowns ?? []) {
    const region = row.area === province ? ownPart(province) : row.area;
    for (const id of [breakdownId(region, row.dim, row.key), breakdownId(province, row.dim, row.key)]) {
      breakdown.set(id, (breakdown.get(id) ?? 0) + row.value);
    }
  }
  for (const [dim, keys] of keysOf(data)) {
    let consistent = true;
    for (const region of [province, ...parts]) {
      const ids = keys.map((key) => breakdownId(region, dim, key));
      const total = cells.get(cellId(region, 'Y'))?.value ?? 0;
      let named = 0;
      for (const id of ids) {
        const value = breakdown.get(id) ?? 0;
        named += value;
        cells.set(id, {
          value,
          published: region !== ownPart(province),
          ...(region === province ? { public: true } : {}),
          ...(region !== province && region !== ownPart(province) ? { sensitive: true } : {}),
        });
      }
      cells.set(restId(region, dim), { value: Math.max(0, total - named), published: false });
      // A key counted twice for one fact would break the sum: such a dimension binds nothing.
      if (named <= total) sums.push({ total: cellId(region, 'Y'), parts: [...ids, restId(region, dim)] });
      else consistent = false;
    }
    for (const key of [...keys.map((k) => `=${k}`), ...(consistent ? ['~'] : [])]) {
      const id = (region: string) => (key === '~' ? restId(region, dim) : breakdownId(region, dim, key.slice(1)));
      sums.push({ total: id(province), parts: parts.map(id) });
    }
  }
  return { cells, sums };
}
