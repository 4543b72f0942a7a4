/**
 * Small-cell protection of one block of related figures: every cell the block holds, which of
 * them are published, and every sum that ties them together (a parent and its children, a year
 * and its quarters and months, a total and its breakdown). Published counts of 1–4 are hidden
 * (primary, shown "<5"); then the block is audited as an attacker would audit it — every published
 * value known exactly, every hidden or unpublished cell only bounded, bounds tightened through
 * every sum until nothing moves — and wherever a hidden cell comes out with a single possible
 * value, one more published cell of that sum is hidden (a zero shows "<5" like a small count
 * where that protects it, a larger count "x"), until none does.
 * Because the decision is made once for the whole block and every view reads it, the same cell
 * is hidden in a province report, in its regency's own report and in the live indicators alike.
 */
export const SMALL_CELL_MAX = 4;

/**
 * How a hidden cell shows: "<5" for a count of 0–4 (`primary`: a small count, or a zero hidden
 * beside one), "x" for a zero or a count of five or more hidden beside one (`complementary`).
 * Both are true statements, and the audit reads them exactly so. A hidden zero shows "<5" where
 * it can: it may then hold a small count for all a reader knows, which an "x" never could (a
 * province's public key of 2 beside one regency's "<5" and the others' "x" pins that "<5").
 */
export const hiddenDisplay = (decision: Exclude<Decision, 'visible'>) => (decision === 'primary' ? '<5' : 'x');
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

export interface BlockCell {
  value: number;
  /** Shown in some view (else only the sums know it: a remainder, a withheld breakdown). */
  published: boolean;
  /** Published exactly whatever happens (a province's own figures): never a complementary candidate. */
  public?: boolean;
  /**
   * A count below province level: even unpublished, a small one must not be solvable from what
   * is published (a regency's month from its year and the province's months).
   */
  sensitive?: boolean;
}

export interface Sum {
  total: string;
  parts: string[];
}

export interface Block {
  cells: Map<string, BlockCell>;
  sums: Sum[];
}

/**
 * `primary`: shown "<5" (a small count, or a zero hidden beside one: told apart, the zero would
 * be known); `complementary`: shown "x", a zero or a count of five or more hidden beside one.
 */
export type Decision = 'visible' | 'primary' | 'complementary';

const isSmall = (value: number) => value >= 1 && value <= SMALL_CELL_MAX;

/** The block with cells and sums numbered: the audit runs over typed arrays. */
interface Indexed {
  ids: string[];
  index: Map<string, number>;
  values: Float64Array;
  published: Uint8Array;
  isPublic: Uint8Array;
  sensitive: Uint8Array;
  /** Sum s: total[s], members memberStart[s] .. memberStart[s + 1]. */
  total: Int32Array;
  memberStart: Int32Array;
  members: Int32Array;
  /** Cell c's sums (as total or member): sumsStart[c] .. sumsStart[c + 1] in sumsOf. */
  sumsStart: Int32Array;
  sumsOf: Int32Array;
}

function indexed(block: Block): Indexed {
  const ids = [...block.cells.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const values = new Float64Array(n);
  const published = new Uint8Array(n);
  const isPublic = new Uint8Array(n);
  const sensitive = new Uint8Array(n);
  ids.forEach((id, i) => {
    const cell = block.cells.get(id) as BlockCell;
    values[i] = cell.value;
    published[i] = cell.published ? 1 : 0;
    isPublic[i] = cell.public ? 1 : 0;
    sensitive[i] = cell.sensitive ? 1 : 0;
  });
  const cellOf = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`sum names a cell the block does not hold: ${id}`);
    return i;
  };
  const total = new Int32Array(block.sums.length);
  const memberStart = new Int32Array(block.sums.length + 1);
  const memberList: number[] = [];
  const degree = new Int32Array(n);
  block.sums.forEach((sum, s) => {
    total[s] = cellOf(sum.total);
    degree[total[s] as number] = (degree[total[s] as number] as number) + 1;
    memberStart[s] = memberList.length;
    for (const part of sum.parts) {
      const c = cellOf(part);
      memberList.push(c);
      degree[c] = (degree[c] as number) + 1;
    }
  });
  memberStart[block.sums.length] = memberList.length;
  const sumsStart = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) sumsStart[c + 1] = (sumsStart[c] as number) + (degree[c] as number);
  const fill = sumsStart.slice(0, n);
  const sumsOf = new Int32Array(sumsStart[n] as number);
  block.sums.forEach((_, s) => {
    const place = (c: number) => {
      sumsOf[fill[c] as number] = s;
      fill[c] = (fill[c] as number) + 1;
    };
    place(total[s] as number);
    for (let m = memberStart[s] as number; m < (memberStart[s + 1] as number); m++) place(memberList[m] as number);
  });
  return {
    ids,
    index,
    values,
    published,
    isPublic,
    sensitive,
    total,
    memberStart,
    members: Int32Array.from(memberList),
    sumsStart,
    sumsOf,
  };
}

/** 0 visible, 1 shown "<5" (0–4), 2 shown "x" (a zero or five or more), 3 never published. */
type State = Uint8Array;

/**
 * Bounds of a cell as a reader tightens them knowing its state: an "x" is never 1–4 (those
 * show "<5"), so at most four means zero and at least one means five or more.
 */
function snap(state: number, lo: number, hi: number): [number, number] {
  if (state !== 2) return [lo, hi];
  if (hi <= SMALL_CELL_MAX) return [0, 0];
  return [lo > 0 ? Math.max(lo, SMALL_CELL_MAX + 1) : lo, hi];
}

/** The state a cell hidden beside a small count takes first: a zero shows "<5", a count of five or more "x". */
const hiddenState = (value: number) => (value <= SMALL_CELL_MAX ? 1 : 2);

/** Bounds of every cell given the states, tightened through the sums until nothing moves (a worklist). */
function propagate(ix: Indexed, state: State): { lo: Float64Array; hi: Float64Array } {
  const n = ix.ids.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    if (state[c] === 0) {
      lo[c] = ix.values[c] as number;
      hi[c] = ix.values[c] as number;
    } else if (state[c] === 1) {
      // "<5": a count of 0–4.
      lo[c] = 0;
      hi[c] = SMALL_CELL_MAX;
    } else {
      // "x" (a zero or at least five, see `snap`) or never published: any count.
      lo[c] = 0;
      hi[c] = UNBOUNDED;
    }
  }
  const sums = ix.total.length;
  // A ring of sum indices: each sum is queued at most once at a time.
  const queued = new Uint8Array(sums).fill(1);
  const ring = new Int32Array(sums + 1);
  for (let s = 0; s < sums; s++) ring[s] = s;
  let head = 0;
  let tail = sums;
  let size = sums;
  const touch = (c: number) => {
    for (let k = ix.sumsStart[c] as number; k < (ix.sumsStart[c + 1] as number); k++) {
      const s = ix.sumsOf[k] as number;
      if (!queued[s]) {
        queued[s] = 1;
        ring[tail] = s;
        tail = (tail + 1) % ring.length;
        size += 1;
      }
    }
  };
  let steps = 0;
  while (size > 0 && steps < 5_000_000) {
    const s = ring[head] as number;
    head = (head + 1) % ring.length;
    size -= 1;
    queued[s] = 0;
    steps += 1;
    const t = ix.total[s] as number;
    const from = ix.memberStart[s] as number;
    const to = ix.memberStart[s + 1] as number;
    let sumLo = 0;
    let finiteHi = 0;
    let unbounded = 0;
    for (let m = from; m < to; m++) {
      const c = ix.members[m] as number;
      sumLo += lo[c] as number;
      if ((hi[c] as number) >= UNBOUNDED) unbounded += 1;
      else finiteHi += hi[c] as number;
    }
    const [tLo, tHi] = snap(
      state[t] as number,
      Math.max(lo[t] as number, sumLo),
      Math.min(hi[t] as number, unbounded > 0 ? UNBOUNDED : finiteHi),
    );
    if (tLo !== lo[t] || tHi !== hi[t]) {
      lo[t] = tLo;
      hi[t] = tHi;
      touch(t);
    }
    for (let m = from; m < to; m++) {
      const c = ix.members[m] as number;
      const h = hi[c] as number;
      const othersUnbounded = unbounded - (h >= UNBOUNDED ? 1 : 0);
      const othersHi = othersUnbounded > 0 ? UNBOUNDED : finiteHi - (h >= UNBOUNDED ? 0 : h);
      const othersLo = sumLo - (lo[c] as number);
      const [cLo, cHi] = snap(
        state[c] as number,
        Math.max(lo[c] as number, othersHi >= UNBOUNDED ? 0 : tLo - othersHi),
        Math.min(h, tHi >= UNBOUNDED ? UNBOUNDED : tHi - othersLo),
      );
      if (cLo !== lo[c] || cHi !== h) {
        lo[c] = cLo;
        hi[c] = cHi;
        touch(c);
      }
    }
  }
  return { lo, hi };
}

function statesOf(ix: Indexed, decisions: ReadonlyMap<string, Decision>): State {
  const state = new Uint8Array(ix.ids.length).fill(3);
  ix.ids.forEach((id, c) => {
    if (!ix.published[c]) return;
    const d = decisions.get(id);
    state[c] = d === 'primary' ? 1 : d === 'complementary' ? 2 : 0;
  });
  return state;
}

/**
 * What an attacker can conclude about each cell from the published values and the sums:
 * [lowest, highest] possible value. Visible cells are exact; "<5" is 0–4; "x" is a zero or at
 * least five; an unpublished cell is any count ≥ 0.
 */
export function bounds(block: Block, decisions: ReadonlyMap<string, Decision>): Map<string, [number, number]> {
  const ix = indexed(block);
  const { lo, hi } = propagate(ix, statesOf(ix, decisions));
  return new Map(ix.ids.map((id, c) => [id, [lo[c] as number, hi[c] as number] as [number, number]]));
}

/** Small counts an attacker can pin down although they are hidden. */
export function exposed(block: Block, decisions: ReadonlyMap<string, Decision>): string[] {
  const ix = indexed(block);
  const state = statesOf(ix, decisions);
  const small = (c: number) => state[c] === 1 && isSmall(ix.values[c] as number);
  return exposedOf(ix, state, small).map((c) => ix.ids[c] as string);
}

/** Small counts an attacker can pin down: a primary, or a sensitive count never published. */
function exposedOf(ix: Indexed, state: State, primary: (c: number) => boolean): number[] {
  const { lo, hi } = propagate(ix, state);
  const open: number[] = [];
  for (let c = 0; c < ix.ids.length; c++) {
    if (lo[c] !== hi[c]) continue;
    if (primary(c) || (state[c] === 3 && ix.sensitive[c] && isSmall(ix.values[c] as number))) open.push(c);
  }
  return open;
}

/** A zero in a sum whose shown total is zero: every member of it is zero, hidden or not. */
function forcedZero(ix: Indexed, state: State, c: number): boolean {
  if ((ix.values[c] as number) !== 0) return false;
  for (let k = ix.sumsStart[c] as number; k < (ix.sumsStart[c + 1] as number); k++) {
    const t = ix.total[ix.sumsOf[k] as number] as number;
    if (t !== c && state[t] === 0 && (ix.values[t] as number) === 0) return true;
  }
  return false;
}

/**
 * The decision for every published cell of the block. `small` says which published cells must
 * be hidden to begin with (a count of 1–4 unless told otherwise).
 */
export function protect(
  block: Block,
  options: { small?: (value: number, id: string) => boolean; maxRounds?: number } = {},
): Map<string, Decision> {
  const isSmallValue = options.small ?? isSmall;
  const maxRounds = options.maxRounds ?? 500;
  const ix = indexed(block);
  if (!addsUp(ix)) return failClosed(ix, isSmallValue);
  const state = new Uint8Array(ix.ids.length).fill(3);
  const primary = new Uint8Array(ix.ids.length);
  let small = 0;
  for (let c = 0; c < ix.ids.length; c++) {
    if (!ix.published[c]) continue;
    const v = ix.values[c] as number;
    primary[c] = !ix.isPublic[c] && isSmallValue(v, ix.ids[c] as string) ? 1 : 0;
    state[c] = primary[c] ? 1 : 0;
    if (primary[c]) small += 1;
  }
  for (let c = 0; c < ix.ids.length; c++) {
    const v = ix.values[c] as number;
    if (state[c] === 3 && ix.sensitive[c] && v >= 1 && v <= SMALL_CELL_MAX) small += 1;
  }
  if (small > 0) {
    for (let round = 0; round < maxRounds; round++) {
      const open = exposedOf(ix, state, (c) => primary[c] === 1);
      if (open.length === 0) break;
      let added = 0;
      for (const c of open) {
        // One exposed cell per round at a time: its fix may already cover the next ones.
        if (added > 0 && round % 2 === 1) break;
        added += hide(ix, state, c, rectangleFor(ix, state, c) ?? single(complementaryFor(ix, state, c)));
      }
      // Nothing beside an exposed cell is left to hide: hide the nearest cell further away that
      // pins its neighbours (a regency's zero year under a province's public months).
      for (let i = 0; added === 0 && i < open.length; i++) {
        added += hide(ix, state, open[i] as number, farther(ix, state, open[i] as number));
      }
      // Nothing left to hide at all: only public cells remain beside it (a province's own figures).
      if (added === 0) break;
    }
    // A hidden cell the reader works out anyway protects nothing: show it. Shown at the value
    // the reader already knows, it changes no bounds, so all of them go at once.
    const { lo, hi } = propagate(ix, state);
    for (let c = 0; c < ix.ids.length; c++) {
      if ((state[c] === 1 || state[c] === 2) && !primary[c] && lo[c] === hi[c]) state[c] = 0;
    }
  }
  const decisions = new Map<string, Decision>();
  ix.ids.forEach((id, c) => {
    if (state[c] === 3) return;
    decisions.set(id, state[c] === 1 ? 'primary' : state[c] === 2 ? 'complementary' : 'visible');
  });
  return decisions;
}

const single = (c: number | undefined) => (c === undefined ? [] : [c]);

/**
 * Whether every sum holds for the block's own values. Figures read at different moments may
 * not add up; bounds then contradict each other and the audit proves nothing.
 */
function addsUp(ix: Indexed): boolean {
  for (let s = 0; s < ix.total.length; s++) {
    let sum = 0;
    for (let m = ix.memberStart[s] as number; m < (ix.memberStart[s + 1] as number); m++) {
      sum += ix.values[ix.members[m] as number] as number;
    }
    if (Math.abs(sum - (ix.values[ix.total[s] as number] as number)) > 1e-6) return false;
  }
  return true;
}

/** A block that does not add up publishes nothing below what is public: small counts "<5", the rest "x". */
function failClosed(ix: Indexed, small: (value: number, id: string) => boolean): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  ix.ids.forEach((id, c) => {
    if (!ix.published[c]) return;
    const v = ix.values[c] as number;
    decisions.set(id, ix.isPublic[c] ? 'visible' : small(v, id) ? 'primary' : 'complementary');
  });
  return decisions;
}

/**
 * Hides the cells chosen for an exposed cell and returns how many it hid. A zero shows "<5"
 * (any of 0–4 for all a reader knows); where that still pins the exposed cell — beside an "x"
 * holding exactly what the sum leaves, which then cannot be more — the zeros show "x" instead.
 */
function hide(ix: Indexed, state: State, exposedCell: number, cells: number[]): number {
  const fresh = cells.filter((h) => state[h] === 0);
  for (const h of fresh) state[h] = hiddenState(ix.values[h] as number);
  const zeros = fresh.filter((h) => ix.values[h] === 0);
  if (zeros.length > 0 && pinned(ix, state, exposedCell)) {
    for (const h of zeros) state[h] = 2;
    if (pinned(ix, state, exposedCell)) for (const h of zeros) state[h] = 1;
  }
  return fresh.length;
}

function pinned(ix: Indexed, state: State, c: number): boolean {
  const { lo, hi } = propagate(ix, state);
  return lo[c] === hi[c];
}

/**
 * The nearest visible, non-public cell that an exposed cell's bounds pass through (breadth
 * first along the sums, cheapest first at one distance), with the shown zero totals that would
 * give it away as a zero: the last resort when no neighbour of the exposed cell can be hidden.
 */
function farther(ix: Indexed, state: State, e: number, maxDepth = 6): number[] {
  const seen = new Uint8Array(ix.ids.length);
  seen[e] = 1;
  let frontier = [e];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: number[] = [];
    let best: number | undefined;
    for (const c of frontier) {
      for (const [, d] of neighbours(ix, c)) {
        if (seen[d]) continue;
        seen[d] = 1;
        next.push(d);
        if (state[d] !== 0 || ix.isPublic[d]) continue;
        const v = ix.values[d] as number;
        if (best === undefined || v < (ix.values[best] as number)) best = d;
      }
    }
    if (best !== undefined) return [best, ...zeroTotalsOf(ix, state, best)];
    frontier = next;
  }
  return [];
}

/** The shown, non-public zero totals of a cell's sums (each would tell that the cell is a zero). */
function zeroTotalsOf(ix: Indexed, state: State, c: number): number[] {
  const out: number[] = [];
  for (let k = ix.sumsStart[c] as number; k < (ix.sumsStart[c + 1] as number); k++) {
    const t = ix.total[ix.sumsOf[k] as number] as number;
    if (t !== c && state[t] === 0 && !ix.isPublic[t] && (ix.values[t] as number) === 0) out.push(t);
  }
  return out;
}

/** The cells that share a sum with `c`, with the sum, excluding `c`. */
function* neighbours(ix: Indexed, c: number): Generator<[number, number]> {
  for (let k = ix.sumsStart[c] as number; k < (ix.sumsStart[c + 1] as number); k++) {
    const s = ix.sumsOf[k] as number;
    const t = ix.total[s] as number;
    if (t !== c) yield [s, t];
    for (let m = ix.memberStart[s] as number; m < (ix.memberStart[s + 1] as number); m++) {
      const d = ix.members[m] as number;
      if (d !== c) yield [s, d];
    }
  }
}

/**
 * The cheapest three cells that close a cycle with the exposed one — along one of its sums,
 * along another, and the corner sharing a sum with both (in a table of regions by periods: the
 * same region in another period, another region in the same period, and that region in that
 * period) — so that every sum through the exposed cell has a second hidden cell that no other
 * sum gives away at once. The classic pattern of cell suppression.
 */
function rectangleFor(ix: Indexed, state: State, e: number): number[] | undefined {
  const free = (c: number) => state[c] === 0 && !ix.isPublic[c] && !forcedZero(ix, state, c);
  const along = new Map<number, number[]>(); // sum through e → free cells of it
  for (const [s, d] of neighbours(ix, e)) if (free(d)) along.set(s, [...(along.get(s) ?? []), d]);
  let best: number[] | undefined;
  let bestCost = Number.POSITIVE_INFINITY;
  const sums = [...along.keys()];
  for (const s1 of sums) {
    for (const c1 of along.get(s1) ?? []) {
      // Corners: free cells sharing a sum with c1 (not s1).
      for (const [s3, c3] of neighbours(ix, c1)) {
        if (s3 === s1 || !free(c3) || c3 === e) continue;
        for (const [s4, c2] of neighbours(ix, c3)) {
          if (s4 === s3 || !free(c2) || c2 === c1 || c2 === e) continue;
          // c2 must lie on another sum through e.
          let onOther = false;
          for (const s2 of sums) if (s2 !== s1 && (along.get(s2) ?? []).includes(c2)) onOther = true;
          if (!onOther) continue;
          const cost = (ix.values[c1] as number) + (ix.values[c2] as number) + (ix.values[c3] as number);
          if (cost < bestCost) {
            bestCost = cost;
            best = [c1, c2, c3];
          }
        }
      }
    }
  }
  return best;
}

/** Whether hiding a cell would be pointless: another of its sums has every other member shown. */
function pinnedElsewhere(ix: Indexed, state: State, c: number): boolean {
  for (let k = ix.sumsStart[c] as number; k < (ix.sumsStart[c + 1] as number); k++) {
    const s = ix.sumsOf[k] as number;
    const shown = (d: number) => d === c || state[d] === 0;
    if (!shown(ix.total[s] as number)) continue;
    let all = true;
    for (let m = ix.memberStart[s] as number; m < (ix.memberStart[s + 1] as number) && all; m++) {
      all = shown(ix.members[m] as number);
    }
    if (all) return true;
  }
  return false;
}

/**
 * The visible, non-public cell of one of the exposed cell's sums that costs the reader least:
 * the smallest, a zero first (a "<5" over a zero hides nothing anyone needs), leaving out any
 * cell another sum would give away at once.
 */
function complementaryFor(ix: Indexed, state: State, exposedCell: number, useful = true): number | undefined {
  let best: number | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (let k = ix.sumsStart[exposedCell] as number; k < (ix.sumsStart[exposedCell + 1] as number); k++) {
    const s = ix.sumsOf[k] as number;
    const t = ix.total[s] as number;
    const consider = (c: number) => {
      if (c === exposedCell || state[c] !== 0 || ix.isPublic[c] || forcedZero(ix, state, c)) return;
      if (useful && pinnedElsewhere(ix, state, c)) return;
      const v = ix.values[c] as number;
      const rank = v;
      if (
        rank < bestRank ||
        (rank === bestRank && best !== undefined && (ix.ids[c] as string) < (ix.ids[best] as string))
      ) {
        best = c;
        bestRank = rank;
      }
    };
    consider(t);
    for (let m = ix.memberStart[s] as number; m < (ix.memberStart[s + 1] as number); m++)
      consider(ix.members[m] as number);
  }
  // Every candidate would be given away by another sum: hide one anyway, and protect it in turn.
  return best ?? (useful ? complementaryFor(ix, state, exposedCell, false) : undefined);
}
