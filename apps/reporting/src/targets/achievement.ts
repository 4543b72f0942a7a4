/** Achievement against a target, one decimal: 118 of 100 is 118.0, 173 of 150 is 115.3. */
export function achievementPct(value: number | null, target: number | null): number | null {
  if (value === null || target === null || target <= 0) return null;
  return Math.round((value / target) * 1000) / 10;
}
