/**
 * Calendar dates as the agencies write them, `YYYY-MM-DD`, computed in UTC so that no time zone
 * shifts the day.
 */

/** `date` plus whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * `date` plus whole calendar months; a day the target month lacks becomes its last day
 * (31 January + 1 month = 28 or 29 February), so a due point never spills into the next month.
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Jakarta's midnight at the start of a date: the agencies' day boundaries. */
export function startOfDayInJakarta(date: string): Date {
  return new Date(`${date}T00:00:00+07:00`);
}
