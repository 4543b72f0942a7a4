import fc from 'fast-check';
import { type CellState, hiddenRanges, suppressGroup } from './suppression.js';

/**
 * An attacker independent of the algorithm: enumerate every assignment of the hidden cells that
 * agrees with what is published (visible cells, the total, "<5" meaning 1–4, "x" meaning any
 * count) and collect, per hidden cell, the values it could have.
 */
function possibleValues(values: number[], cells: CellState[]): Map<number, Set<number>> {
  const total = values.reduce((a, b) => a + b, 0);
  const hidden = cells.flatMap((s, i) => (s === 'visible' ? [] : [i]));
  const hiddenSum = total - values.reduce((sum, v, i) => (cells[i] === 'visible' ? sum + v : sum), 0);
  const possible = new Map(hidden.map((i) => [i, new Set<number>()]));
  const assignment: number[] = [];
  const walk = (k: number, remaining: number) => {
    if (k === hidden.length) {
      if (remaining === 0) {
        for (const [j, cell] of hidden.entries()) possible.get(cell)?.add(assignment[j] as number);
      }
      return;
    }
    const cell = hidden[k] as number;
    const [low, high] = cells[cell] === 'primary' ? [1, 4] : [0, remaining];
    for (let v = low; v <= Math.min(high, remaining); v++) {
      assignment[k] = v;
      walk(k + 1, remaining - v);
    }
  };
  walk(0, hiddenSum);
  return possible;
}

describe('small-cell suppression', () => {
  it('leaves a group with no small count alone', () => {
    expect(suppressGroup([0, 5, 12], true)).toEqual({ cells: ['visible', 'visible', 'visible'], totalHidden: false });
  });

  it('hides a count of 1–4 as primary', () => {
    expect(suppressGroup([3, 0], false).cells).toEqual(['primary', 'visible']);
  });

  it('hides a second cell when the total would give the first away', () => {
    // 3 + 10 + 20 = 33 is published: hiding only the 3 would leave it as 33 - 30.
    expect(suppressGroup([3, 10, 20], true).cells).toEqual(['primary', 'complementary', 'visible']);
  });

  it('does not stop at two small cells that would still be pinned: 1 + 1 = 2 leaves both at 1', () => {
    const { cells } = suppressGroup([1, 1, 50], true);
    expect(cells).toEqual(['primary', 'primary', 'complementary']);
    for (const range of hiddenRanges([1, 1, 50], cells, 52)) if (range) expect(range[0]).toBeLessThan(range[1]);
  });

  it('hides the total itself when no visible cell is left to hide', () => {
    expect(suppressGroup([2], true)).toEqual({ cells: ['primary'], totalHidden: true });
  });

  it('property: from a published total and its visible siblings, no hidden cell can be derived', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 1, maxLength: 7 }), (values) => {
        const { cells, totalHidden } = suppressGroup(values, true);
        values.forEach((v, i) => {
          if (v >= 1 && v <= 4) expect(cells[i]).not.toBe('visible');
        });
        if (totalHidden) return;
        for (const [cell, options] of possibleValues(values, cells)) {
          if (options.size < 2) throw new Error(`cell ${cell} of ${JSON.stringify(values)} (${cells}) can be derived`);
          expect(options.has(values[cell] as number)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
