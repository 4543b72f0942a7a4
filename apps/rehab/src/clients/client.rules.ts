import type { AgeBand } from '@sinergi/contracts';

/** Whole years between a birth date and a reference date (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The reporting age band: 0-14, then five-year bands, then 60+. */
export function ageBand(age: number): AgeBand {
  if (age < 15) return '0-14';
  if (age >= 60) return '60+';
  const low = Math.floor(age / 5) * 5;
  return `${low}-${low + 4}` as AgeBand;
}
