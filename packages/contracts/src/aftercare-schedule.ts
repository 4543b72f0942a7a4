/**
 * When an aftercare client is due a follow-up and when they are overdue (docs/domain.md,
 * "Treatment, discharge and aftercare"): one definition, for rehab's overdue list and for
 * reporting's `coordination.overdue_follow_ups` (whose SQL is checked against `missedFollowUp`).
 */
import { addMonths } from './calendar.js';
import { FOLLOW_UP_MONTHS } from './policy.js';

export interface DuePoint {
  months: number;
  dueOn: string;
}

/** The due points of aftercare started on `startedOn`: FOLLOW_UP_MONTHS after it. */
export function followUpSchedule(startedOn: string): DuePoint[] {
  return FOLLOW_UP_MONTHS.map((months) => ({ months, dueOn: addMonths(startedOn, months) }));
}

/**
 * The first due point a client in aftercare has missed as of `asOf`, or undefined.
 *
 * Due point k (1, 3, 6 months after `startedOn`) is missed when its date has passed (it is
 * before `asOf`; on the day itself it is still due, not overdue) and no follow-up is dated on or
 * after the previous due point (for the first point, the start of aftercare). A late follow-up
 * therefore makes good every point whose window it falls in; a follow-up before aftercare began
 * counts for nothing. After the 6-month point is met the client is never overdue again.
 */
export function missedFollowUp(
  startedOn: string,
  followUpDates: readonly string[],
  asOf: string,
): DuePoint | undefined {
  const latest = followUpDates.reduce<string | undefined>((max, date) => (!max || date > max ? date : max), undefined);
  let previous = startedOn;
  for (const point of followUpSchedule(startedOn)) {
    if (point.dueOn >= asOf) return undefined;
    if (latest === undefined || latest < previous) return point;
    previous = point.dueOn;
  }
  return undefined;
}
