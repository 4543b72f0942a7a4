import fc from 'fast-check';
import { PERIODS, type PeriodKey } from './block.js';
import { attack, disclosed, type Seen } from '../../test/support/attacker.js';
import { hiddenDisplay } from './protect.js';
import { type CellState, protectProvince, stateOf } from './publication.js';

/**
 * An attacker independent of the algorithm, against everything the publication layer shows of a
 * province's year of one treatment indicator — every region's live figures and reports for the
 * year, each quarter and each month, their breakdowns and child rows. Whatever one view shows,
 * every other view of the same cell shows too (they all read `stateOf`), so the attacker may
 * combine all of them. It knows how the figures add up (a region is its children plus what it
 * recorded itself; a year its quarters, a quarter its months; a total its breakdown) and reads
 * "<5" as 0–4 and "x" as a zero or at least 5. It tightens bounds through every sum until nothing moves,
 * and wins if it pins down a small count (1–4) below province level.
 */

interface World {
  province: string;
  regencies: string[];
  districtsOf: Map<string, string[]>;
  /** District (or `own:<regency>`, `own:<province>`) → month → [outpatient, inpatient]. */
  counts: Map<string, Array<[number, number]>>;
}

const KEYS = ['outpatient', 'inpatient'] as const;

const worlds = fc
  .record({
    regencies: fc.integer({ min: 2, max: 5 }),
    districts: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    density: fc.constantFrom(0.05, 0.2, 0.5),
  })
  .map(({ regencies, districts, seed, density }): World => {
    let state = seed;
    const rand = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    const regencyCodes = Array.from({ length: regencies }, (_, i) => `31.${71 + i}`);
    const districtsOf = new Map(
      regencyCodes.map((r) => [r, Array.from({ length: districts }, (_, j) => `${r}.0${j + 1}`)]),
    );
    const counts = new Map<string, Array<[number, number]>>();
    const fill = (unit: string, scale: number) =>
      counts.set(
        unit,
        Array.from({ length: 12 }, () =>
          rand() < density ? [Math.floor(rand() * scale), Math.floor(rand() * 2)] : [0, 0],
        ) as Array<[number, number]>,
      );
    for (const r of regencyCodes) {
      fill(`own:${r}`, rand() < 0.5 ? 2 : 30);
      for (const d of districtsOf.get(r) ?? []) fill(d, rand() < 0.6 ? 3 : 12);
    }
    fill('own:31', 2);
    return { province: '31', regencies: regencyCodes, districtsOf, counts };
  });

/** The true value of every cell: region|period|dim|key. */
function truth(world: World): Map<string, number> {
  const values = new Map<string, number>();
  const add = (region: string, month: number, program: [number, number]) => {
    const periods: PeriodKey[] = ['Y', `Q${Math.ceil(month / 3)}` as PeriodKey, `M${month}` as PeriodKey];
    for (const period of periods) {
      for (const [dim, key, value] of [
        ['', '', program[0] + program[1]],
        ['program', 'outpatient', program[0]],
        ['program', 'inpatient', program[1]],
      ] as const) {
        const id = `${region}|${period}|${dim}|${key}`;
        values.set(id, (values.get(id) ?? 0) + value);
      }
    }
  };
  for (const [unit, months] of world.counts) {
    months.forEach((program, i) => {
      const own = unit.startsWith('own:') ? unit.slice(4) : undefined;
      const regency = own ? (own === world.province ? undefined : own) : unit.slice(0, 5);
      const lineage = [
        ...(own ? [`~${own}`] : [unit]),
        ...(regency && !own ? [regency] : own && own !== world.province ? [own] : []),
        world.province,
      ];
      for (const region of new Set(lineage)) add(region, i + 1, program);
    });
  }
  return values;
}

/** The sums the attacker knows, over cell ids. */
function structure(world: World): Array<{ total: string; parts: string[] }> {
  const sums: Array<{ total: string; parts: string[] }> = [];
  const regions = [world.province, `~${world.province}`, ...world.regencies];
  for (const r of world.regencies) regions.push(`~${r}`, ...(world.districtsOf.get(r) ?? []));
  const cells = (dim: string, key: string) => (region: string, period: string) => `${region}|${period}|${dim}|${key}`;
  for (const [dim, key] of [['', ''], ...KEYS.map((k) => ['program', k])] as Array<[string, string]>) {
    const c = cells(dim, key);
    for (const region of regions) {
      sums.push({ total: c(region, 'Y'), parts: ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => c(region, q)) });
      for (let q = 1; q <= 4; q++)
        sums.push({ total: c(region, `Q${q}`), parts: [1, 2, 3].map((m) => c(region, `M${(q - 1) * 3 + m}`)) });
    }
    for (const period of PERIODS) {
      sums.push({
        total: c(world.province, period),
        parts: [`~${world.province}`, ...world.regencies].map((r) => c(r, period)),
      });
      for (const r of world.regencies) {
        sums.push({
          total: c(r, period),
          parts: [`~${r}`, ...(world.districtsOf.get(r) ?? [])].map((d) => c(d, period)),
        });
      }
    }
  }
  for (const region of regions) {
    for (const period of PERIODS) {
      sums.push({ total: `${region}|${period}||`, parts: KEYS.map((k) => `${region}|${period}|program|${k}`) });
    }
  }
  return sums;
}

/** What every view shows of every cell. */
function publication(world: World, values: Map<string, number>): Map<string, CellState> {
  const months: Array<{ area: string; month: number; value: number }> = [];
  const districts: Array<{ area: string; regency: string | null; value: number }> = [];
  const breakdownRows: Array<{ area: string; dim: string; key: string; value: number }> = [];
  for (const area of [...world.regencies, world.province]) {
    const own = area === world.province;
    for (let m = 1; m <= 12; m++) {
      const value = values.get(`${own ? `~${area}` : area}|M${m}||`) ?? 0;
      if (value) months.push({ area, month: m, value });
    }
    for (const key of KEYS) {
      const value = values.get(`${own ? `~${area}` : area}|Y|program|${key}`) ?? 0;
      if (value) breakdownRows.push({ area, dim: 'program', key, value });
    }
  }
  for (const r of world.regencies) {
    for (const d of [...(world.districtsOf.get(r) ?? []), `~${r}`]) {
      const value = values.get(`${d}|Y||`) ?? 0;
      if (value) districts.push({ area: d === `~${r}` ? r : d, regency: r, value });
    }
  }
  const protection = protectProvince({
    province: world.province,
    regencies: world.regencies,
    districtsOf: world.districtsOf,
    months,
    districts,
    breakdowns: breakdownRows,
  });
  const shown = new Map<string, CellState>();
  const regions = [world.province, ...world.regencies, ...[...world.districtsOf.values()].flat()];
  for (const region of regions) {
    for (const period of PERIODS) {
      shown.set(`${region}|${period}||`, stateOf(protection, region, period));
      for (const key of KEYS)
        shown.set(`${region}|${period}|program|${key}`, stateOf(protection, region, period, 'program', key));
    }
  }
  return shown;
}

const belowProvince = (id: string, province: string) => !id.startsWith('~') && !id.startsWith(`${province}|`);

/** What a reader sees of each cell: the value where visible, "<5", "x", or nothing. */
function seenOf(values: Map<string, number>, shown: Map<string, CellState>): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  for (const [id, state] of shown) {
    seen.set(
      id,
      state === 'visible' ? (values.get(id) ?? 0) : state === 'withheld' ? 'withheld' : hiddenDisplay(state),
    );
  }
  return seen;
}

function disclosures(world: World): string[] {
  const values = truth(world);
  const seen = seenOf(values, publication(world, values));
  return disclosed(values, seen, structure(world), (id) => belowProvince(id, world.province));
}

/**
 * Province 31 with the given regencies (each with that many districts) and monthly counts
 * [outpatient, inpatient] per district or `own:<region>`; every other place recorded nothing.
 */
function fixedWorld(
  regencies: Record<string, number>,
  monthly: Record<string, (month: number) => [number, number]>,
): World {
  const codes = Object.keys(regencies);
  const districtsOf = new Map(
    codes.map((r) => [
      r,
      Array.from({ length: regencies[r] ?? 1 }, (_, i) => `${r}.${String(i + 1).padStart(2, '0')}`),
    ]),
  );
  const places = ['own:31', ...codes.flatMap((r) => [`own:${r}`, ...(districtsOf.get(r) ?? [])])];
  const counts = new Map(
    places.map((place) => [place, Array.from({ length: 12 }, (_, m) => monthly[place]?.(m) ?? [0, 0])] as const),
  );
  return { province: '31', regencies: codes, districtsOf, counts };
}

describe('an attacker combining every published view of a province', () => {
  it('finds no small count below province level, across regions, periods, breakdowns and endpoints', () => {
    fc.assert(
      fc.property(worlds, (world) => {
        expect(disclosures(world)).toEqual([]);
      }),
      { numRuns: Number(process.env.ATTACKER_RUNS ?? 150) },
    );
  });

  it('cannot recover a regency\'s "<5" from another regency\'s own report (the province total minus the other)', () => {
    const world = fixedWorld(
      { '31.72': 1, '31.73': 1 },
      {
        '31.72.01': (m) => (m === 2 ? [3, 0] : [0, 0]),
        '31.73.01': () => [15, 2],
      },
    );
    expect(disclosures(world)).toEqual([]);
  });

  it("cannot recover a regency's month from its year minus the other months", () => {
    const world = fixedWorld(
      { '31.72': 1, '31.73': 1, '31.74': 1 },
      {
        '31.72.01': (m) => (m === 4 ? [2, 0] : [10, 1]),
        '31.73.01': () => [20, 3],
        '31.74.01': () => [9, 1],
      },
    );
    expect(disclosures(world)).toEqual([]);
  });

  it("cannot recover a regency's small key when the province's public key is that small count", () => {
    // Two inpatients in the province, both in 31.72 in March: the province shows 2; the other
    // regencies' zero keys must be able to hold them for all a reader knows.
    const world = fixedWorld(
      { '31.72': 1, '31.73': 1, '31.74': 1 },
      {
        '31.72.01': (m) => (m === 2 ? [30, 2] : [30, 0]),
        '31.73.01': () => [40, 0],
        '31.74.01': () => [25, 0],
      },
    );
    expect(disclosures(world)).toEqual([]);
  });

  it('cannot recover the small counts of the one regency where a province recorded anything', () => {
    const world = fixedWorld(
      { '31.71': 2, '31.72': 2, '31.73': 2 },
      {
        'own:31.73': (m) => (m === 4 ? [1, 1] : [0, 0]),
        '31.73.01': (m) => (m === 6 ? [2, 1] : [0, 0]),
      },
    );
    expect(disclosures(world)).toEqual([]);
  });

  it('would win against a layer that showed each view its own suppression (the attacker can fail)', () => {
    // The province report hid 31.73 beside 31.72's "<5"; 31.73's own report showed it.
    const seen = new Map<string, Seen>([
      ['31|Y||', 203],
      ['31.72|Y||', '<5'],
      ['31.73|Y||', 200],
    ]);
    const { lo, hi } = attack(seen, [{ total: '31|Y||', parts: ['31.72|Y||', '31.73|Y||'] }]);
    expect([lo('31.72|Y||'), hi('31.72|Y||')]).toEqual([3, 3]);
  });

  it('reads an "x" as a zero or at least five: beside a "<5", a remainder of three pins both', () => {
    const seen = new Map<string, Seen>([
      ['T', 123],
      ['a', '<5'],
      ['b', 'x'],
      ['c', 120],
    ]);
    const { lo, hi } = attack(seen, [{ total: 'T', parts: ['a', 'b', 'c'] }]);
    expect([lo('a'), hi('a'), lo('b'), hi('b')]).toEqual([3, 3, 0, 0]);
  });
});
