/**
 * Small-cell suppression for rehab counts below province level: a count of 1–4 is published as
 * "<5" (primary), and where a published total and its visible parts would give a hidden cell
 * away, further cells are hidden too (complementary), until no hidden cell has a single
 * possible value.
 */
export const SMALL_CELL_MAX = 4;

export type CellState = 'visible' | 'primary' | 'complementary';

export interface SuppressedGroup {
  /** The state of each part, in the order given. */
  cells: CellState[];
  /** Whether the group's total had to be hidden as well. */
  totalHidden: boolean;
}

function isSmall(value: number): boolean {
  return value >= 1 && value <= SMALL_CELL_MAX;
}

/**
 * What a reader can conclude about each hidden cell: it must make the hidden cells add up to
 * the total minus the visible ones; a primary cell lies in 1–4, a complementary one anywhere
 * from 0 up. Returns, per hidden cell, the [lowest, highest] value still possible.
 */
export function hiddenRanges(values: number[], states: CellState[], total: number): Array<[number, number] | null> {
  const hiddenSum = total - values.reduce((sum, v, i) => (states[i] === 'visible' ? sum + v : sum), 0);
  const bounds = states.map((s): [number, number] | null =>
    s === 'visible' ? null : s === 'primary' ? [1, SMALL_CELL_MAX] : [0, hiddenSum],
  );
  return bounds.map((own, i) => {
    if (!own) return null;
    let othersLow = 0;
    let othersHigh = 0;
    bounds.forEach((b, j) => {
      if (j !== i && b) {
        othersLow += b[0];
        othersHigh += b[1];
      }
    });
    return [Math.max(own[0], hiddenSum - othersHigh), Math.min(own[1], hiddenSum - othersLow)];
  });
}

/** Suppresses one group of parts that add up to a published total. */
export function suppressGroup(values: number[], totalPublished: boolean): SuppressedGroup {
  const total = values.reduce((a, b) => a + b, 0);
  const cells: CellState[] = values.map((v) => (isSmall(v) ? 'primary' : 'visible'));
  if (!cells.includes('primary') || !totalPublished) return { cells, totalHidden: false };
  const exposed = () => hiddenRanges(values, cells, total).some((r) => r !== null && r[0] === r[1]);
  while (exposed()) {
    // Hide the smallest visible non-zero part next: it costs the reader the least information.
    const candidates = values
      .map((v, i) => ({ v, i }))
      .filter(({ i }) => cells[i] === 'visible')
      .sort((a, b) => (a.v === 0 ? 1 : 0) - (b.v === 0 ? 1 : 0) || a.v - b.v);
    const next = candidates[0];
    if (!next) return { cells, totalHidden: true };
    cells[next.i] = 'complementary';
  }
  return { cells, totalHidden: false };
}
