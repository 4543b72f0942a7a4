/**
 * Calendar dates as the agencies write them, `YYYY-MM-DD`, computed in UTC so that no time zone
 * shifts the day. They live with the policy values because the rules built on those values (the
 * aftercare schedule, aftercare-schedule.ts) are shared by services that do not share a runtime.
 */

/** `date` plus whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * `date` plus whole calendar months; a day the target month lacks becomes its last day
 * (31 January + 1 month = 28 or 29 February), so a due point never spills into the next month.
 * PostgreSQL's `date + interval 'n month'` clamps the same way, which reporting relies on.
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
