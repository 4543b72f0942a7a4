import type { Period } from '@sinergi/contracts';
import { periodRange } from '../indicators/period.js';

export type ScheduleName = 'monthly' | 'quarterly' | 'annual';

export const DEFAULT_SCHEDULES: Record<ScheduleName, { cron: string }> = {
  // Shortly after a period closes, Jakarta time: 02:00 on the 1st; quarters and years a little later.
  monthly: { cron: '0 2 1 * *' },
  quarterly: { cron: '30 2 1 1,4,7,10 *' },
  annual: { cron: '0 3 1 1 *' },
};

export const SCHEDULE_TIME_ZONE = 'Asia/Jakarta';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);
}

function periodsOfYear(name: ScheduleName, year: number): Period[] {
  if (name === 'annual') return [{ year }];
  if (name === 'quarterly') return [1, 2, 3, 4].map((quarter) => ({ year, quarter }));
  return Array.from({ length: 12 }, (_, i) => ({ year, month: i + 1 }));
}

/**
 * The periods a schedule owes: every period that has ended by `now` and ended after `since`,
 * both read as dates in the schedule's time zone. A period's end is exclusive: January is due
 * from February 1st.
 */
export function duePeriods(name: ScheduleName, since: Date, now: Date, timeZone: string): Period[] {
  const sinceDate = dateIn(since, timeZone);
  const today = dateIn(now, timeZone);
  const firstYear = Number(sinceDate.slice(0, 4));
  const lastYear = Number(today.slice(0, 4));
  const due: Period[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    for (const period of periodsOfYear(name, year)) {
      const { to } = periodRange(period);
      if (to <= today && to > sinceDate) due.push(period);
    }
  }
  return due;
}
