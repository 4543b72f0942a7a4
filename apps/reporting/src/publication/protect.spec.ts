import { type BlockData, buildBlock, cellId, ownPart } from './block.js';
import { type Block, bounds, exposed, protect } from './protect.js';

const group = (total: number, parts: number[], totalPublic = true): Block => ({
  cells: new Map([
    ['T', { value: total, published: true, public: totalPublic }],
    ...parts.map((v, i) => [`p${i}`, { value: v, published: true }] as const),
  ]),
  sums: [{ total: 'T', parts: parts.map((_, i) => `p${i}`) }],
});

describe('protect', () => {
  it('hides a small cell, and one more so that the total does not give it away', () => {
    const block = group(30, [3, 12, 15]);
    const decisions = protect(block);
    expect(decisions.get('p0')).toBe('primary');
    expect(decisions.get('p1')).toBe('complementary');
    expect(decisions.get('p2')).toBe('visible');
    expect(exposed(block, decisions)).toEqual([]);
    expect(bounds(block, decisions).get('p0')).toEqual([0, 4]);
  });

  it('leaves two small cells that cannot pin each other down ("<5" means 0–4: 1 + 1, 0 + 2 or 2 + 0)', () => {
    const block = group(12, [1, 1, 10]);
    const decisions = protect(block);
    expect(decisions.get('p2')).toBe('visible'); // 12 − 10 tells the pair's sum, not either
    expect(exposed(block, decisions)).toEqual([]);
    const pair = group(2, [1, 1]);
    expect([...protect(pair).values()].filter((d) => d === 'complementary')).toEqual([]);
    expect(exposed(pair, protect(pair))).toEqual([]);
  });

  it('hides a zero beside a small count as "<5", a true statement that costs the reader nothing (123 − 120 leaves 3 to share)', () => {
    const block = group(123, [3, 0, 120]);
    const decisions = protect(block);
    expect(decisions.get('p1')).toBe('primary');
    expect(decisions.get('p2')).toBe('visible');
    expect(bounds(block, decisions).get('p0')).toEqual([0, 3]);
    expect(exposed(block, decisions)).toEqual([]);
  });

  it('hides a zero as "x" where a "<5" would not do: beside an "x" holding all the province has', () => {
    // P = 5, all in r3 (shown "x"): a "<5" beside it leaves r3 exactly 5; an "x" leaves it 0–5.
    const block: Block = {
      cells: new Map([
        ['P', { value: 5, published: true, public: true }],
        ['r1', { value: 0, published: true }],
        ['r3', { value: 5, published: true }],
        ['P1', { value: 2, published: true, public: true }],
        ['P2', { value: 3, published: true, public: true }],
        ['r1m1', { value: 0, published: false }],
        ['r1m2', { value: 0, published: false }],
        ['r3m1', { value: 2, published: false, sensitive: true }],
        ['r3m2', { value: 3, published: false, sensitive: true }],
      ]),
      sums: [
        { total: 'P', parts: ['r1', 'r3'] },
        { total: 'P', parts: ['P1', 'P2'] },
        { total: 'P1', parts: ['r1m1', 'r3m1'] },
        { total: 'P2', parts: ['r1m2', 'r3m2'] },
        { total: 'r1', parts: ['r1m1', 'r1m2'] },
        { total: 'r3', parts: ['r3m1', 'r3m2'] },
      ],
    };
    const decisions = protect(block);
    expect(exposed(block, decisions)).toEqual([]);
    expect(decisions.get('r1')).toBe('complementary');
    expect(decisions.get('r3')).toBe('complementary');
    expect(bounds(block, decisions).get('r3m1')).toEqual([0, 2]);
  });

  it('hides a zero before a large figure where the sum leaves it room', () => {
    // r1's year is public-ish through P; hiding r2's zero year leaves r1 any value up to P's.
    const block: Block = {
      cells: new Map([
        ['P', { value: 9, published: true, public: true }],
        ['r1', { value: 3, published: true }],
        ['r2', { value: 0, published: true }],
        ['r3', { value: 6, published: true }],
        ['Q', { value: 40, published: true, public: true }],
        ['r2q', { value: 0, published: true }],
        ['r4q', { value: 40, published: true }],
      ]),
      sums: [
        { total: 'P', parts: ['r1', 'r2', 'r3'] },
        { total: 'Q', parts: ['r2q', 'r4q'] },
      ],
    };
    const decisions = protect(block);
    expect(decisions.get('r1')).toBe('primary');
    expect(exposed(block, decisions)).toEqual([]);
  });

  it('leaves a block without small counts alone', () => {
    const decisions = protect(group(30, [5, 10, 15]));
    expect([...decisions.values()].every((d) => d === 'visible')).toBe(true);
  });

  it('follows a hidden cell across sums: a year, its months, and a parent', () => {
    // r1's March is 2; r1's year is known, and so is the province's March.
    const cells = new Map([
      ['P|M3', { value: 40, published: true, public: true }],
      ['r1|M3', { value: 2, published: true }],
      ['r2|M3', { value: 38, published: true }],
      ['r1|Y', { value: 20, published: true }],
      ['r1|M1', { value: 10, published: true }],
      ['r1|M2', { value: 8, published: true }],
    ]);
    const block: Block = {
      cells,
      sums: [
        { total: 'P|M3', parts: ['r1|M3', 'r2|M3'] },
        { total: 'r1|Y', parts: ['r1|M1', 'r1|M2', 'r1|M3'] },
      ],
    };
    const decisions = protect(block);
    expect(decisions.get('r1|M3')).toBe('primary');
    expect(exposed(block, decisions)).toEqual([]);
    // Both ways out of it are closed: the other regency's March, and another of r1's months.
    expect(decisions.get('r2|M3')).toBe('complementary');
    expect([decisions.get('r1|M1'), decisions.get('r1|M2')]).toContain('complementary');
  });
});

/** A province of `regencies` regencies of `districts` districts each, with made-up monthly figures. */
function province(regencies: number, districts: number, seed = 3, sparse = false): BlockData {
  let state = seed;
  const rand = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const regencyCodes = Array.from({ length: regencies }, (_, i) => `31.${String(71 + i).padStart(2, '0')}`);
  const districtsOf = new Map(
    regencyCodes.map((r) => [r, Array.from({ length: districts }, (_, j) => `${r}.${String(j + 1).padStart(2, '0')}`)]),
  );
  const months: BlockData['months'][number][] = [];
  const districtRows: BlockData['districts'][number][] = [];
  for (const r of regencyCodes) {
    const yearly = new Map<string, number>();
    for (let month = 1; month <= 12; month++) {
      let total = 0;
      for (const d of districtsOf.get(r) ?? []) {
        const value = sparse ? (rand() < 0.85 ? 0 : 1) : rand() < 0.5 ? Math.floor(rand() * 3) : Math.floor(rand() * 8);
        total += value;
        yearly.set(d, (yearly.get(d) ?? 0) + value);
      }
      months.push({ area: r, month, value: total });
    }
    for (const [d, value] of yearly) districtRows.push({ area: d, regency: r, value });
  }
  return { province: '31', regencies: regencyCodes, districtsOf, months, districts: districtRows };
}

describe('a province block', () => {
  it('comes out with no hidden cell an attacker can pin down', () => {
    const data = province(12, 3, 3, true);
    const block = buildBlock(data);
    const decisions = protect(block);
    expect(exposed(block, decisions)).toEqual([]);
    expect([...decisions.values()].filter((d) => d === 'primary').length).toBeGreaterThan(0);
    // The province's own figures are never hidden, and what it recorded itself is never published.
    expect(decisions.get(cellId('31', 'Y'))).toBe('visible');
    expect(decisions.get(cellId(ownPart('31'), 'Y'))).toBeUndefined();
  });

  it('keeps a regency of 118 visible when another has 3 and the province is busy', () => {
    const data = province(6, 4, 5);
    const mine = (area: string) =>
      area === '31.72' || area === '31.73' || area.startsWith('31.72.') || area.startsWith('31.73.');
    const months = data.months.filter((m) => !mine(m.area));
    for (let month = 1; month <= 12; month++) {
      months.push({ area: '31.72', month, value: month === 3 ? 118 : month === 4 ? 2 : 0 });
      months.push({ area: '31.73', month, value: month === 6 ? 3 : 0 });
    }
    const districts = data.districts.filter((d) => !mine(d.area));
    districts.push(
      { area: '31.72.01', regency: '31.72', value: 120 },
      { area: '31.73.01', regency: '31.73', value: 3 },
    );
    const block = buildBlock({ ...data, months, districts });
    const decisions = protect(block);
    expect(exposed(block, decisions)).toEqual([]);
    expect(decisions.get(cellId('31.72', 'Y'))).toBe('visible');
  });

  it('publishes nothing below what is public when the figures do not add up (read at different moments)', () => {
    const data = province(3, 2);
    const block = buildBlock({
      ...data,
      districts: data.districts.map((d, i) => (i === 0 ? { ...d, value: d.value + 1 } : d)),
    });
    const decisions = protect(block);
    expect(decisions.get(cellId('31', 'Y'))).toBe('visible');
    expect(decisions.get(cellId('31.71', 'Y'))).toBe('complementary');
  });

  it('is fast enough for a large province (38 regencies of 16 districts)', () => {
    const started = performance.now();
    const block = buildBlock(province(38, 16, 11, true));
    const decisions = protect(block);
    const ms = performance.now() - started;
    expect(exposed(block, decisions)).toEqual([]);
    console.log(`large province block: ${block.cells.size} cells, ${block.sums.length} sums, ${Math.round(ms)} ms`);
  });
});
