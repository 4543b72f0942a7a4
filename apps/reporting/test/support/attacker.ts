/**
 * An attacker of published tables, written independently of the publication layer
 * (apps/reporting/src/publication): it reads what a reader sees of each cell — a number, "<5"
 * (read as 0–4), "x" (a zero or at least five: never 1–4, those show "<5") or nothing — and
 * knows how the figures add up. It tightens the bounds of every cell through every sum until
 * nothing moves; a cell whose bounds meet is solved.
 */
export type Seen = number | '<5' | 'x' | 'withheld';

export interface Sum {
  total: string;
  parts: string[];
}

const INF = 1e12;

export function attack(seen: ReadonlyMap<string, Seen>, sums: readonly Sum[]) {
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  for (const id of new Set([...seen.keys(), ...sums.flatMap((s) => [s.total, ...s.parts])])) {
    const shown = seen.get(id) ?? 'withheld';
    lo.set(id, typeof shown === 'number' ? shown : 0);
    hi.set(id, typeof shown === 'number' ? shown : shown === '<5' ? 4 : INF);
  }
  const L = (id: string) => lo.get(id) ?? 0;
  const H = (id: string) => hi.get(id) ?? INF;
  const set = (id: string, l: number, h: number) => {
    let [a, b] = [Math.max(0, l), h];
    if (seen.get(id) === 'x') {
      if (b <= 4) b = 0;
      if (a > 0) a = Math.max(a, 5);
    }
    const moved = a !== L(id) || b !== H(id);
    lo.set(id, a);
    hi.set(id, b);
    return moved;
  };
  for (let changed = true, rounds = 0; changed && rounds < 500; rounds++) {
    changed = false;
    for (const { total, parts } of sums) {
      const sumLo = parts.reduce((a, p) => a + L(p), 0);
      const sumHi = Math.min(
        INF,
        parts.reduce((a, p) => a + H(p), 0),
      );
      if (set(total, Math.max(L(total), sumLo), Math.min(H(total), sumHi))) changed = true;
      const tl = L(total);
      const th = H(total);
      for (const p of parts) {
        const otherHi = Math.min(INF, sumHi - H(p));
        const otherLo = sumLo - L(p);
        const pl = Math.max(L(p), th >= INF ? 0 : tl - (H(p) >= INF ? INF : otherHi));
        const ph = Math.min(H(p), th >= INF ? INF : th - otherLo);
        if (set(p, pl, ph)) changed = true;
      }
    }
  }
  return { lo: L, hi: H };
}

/** Small counts (1–4) of the truth that the attacker shows or solves, among the cells `counts` names. */
export function disclosed(
  truth: ReadonlyMap<string, number>,
  seen: ReadonlyMap<string, Seen>,
  sums: readonly Sum[],
  counts: (id: string) => boolean,
): string[] {
  const { lo, hi } = attack(seen, sums);
  const out: string[] = [];
  for (const [id, v] of truth) {
    if (v < 1 || v > 4 || !counts(id)) continue;
    if (typeof seen.get(id) === 'number') out.push(`${id} = ${v} shown`);
    else if (lo(id) === hi(id)) out.push(`${id} = ${v} solved`);
  }
  return out;
}
