/**
 * Achievement against a target, one decimal. More is better for most indicators: 118 of 100 is
 * 118.0, 173 of 150 is 115.3. Where less is better (turnaround days, drop-outs, overdue
 * follow-ups) the target is a ceiling and achievement runs the other way, as government
 * performance reports count an indicator of negative polarity: (2 − value ÷ target) × 100, so at
 * the target it is 100, at half of it 150, at none 200, at twice it 0 (never below). A ceiling of
 * zero is met only by zero.
 */
export function achievementPct(
  value: number | null,
  target: number | null,
  direction: 'higher' | 'lower' = 'higher',
): number | null {
  if (value === null || target === null || target < 0) return null;
  if (direction === 'lower') {
    if (target === 0) return value <= 0 ? 100 : 0;
    return Math.max(0, Math.round((2 - value / target) * 1000) / 10);
  }
  if (target === 0) return null;
  return Math.round((value / target) * 1000) / 10;
}
