import { type DischargeOutcome, FOLLOW_UP_MONTHS } from '@sinergi/contracts';
import { addMonths, type RuleBreak } from '@sinergi/runtime';

export interface DuePoint {
  months: number;
  dueOn: string;
}

/** The due points of aftercare started on `startedOn`: FOLLOW_UP_MONTHS after it (docs/domain.md). */
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

export interface AftercareStartRequest {
  admissionStatus: 'open' | 'discharged';
  outcome: DischargeOutcome | null;
  dischargedOn: string | null;
  startedOn: string;
  hasAftercare: boolean;
}

/** Aftercare follows a completed treatment, once per admission, and not before the discharge. */
export function aftercareStartProblem(request: AftercareStartRequest): RuleBreak | undefined {
  if (request.admissionStatus !== 'discharged' || !request.dischargedOn) {
    return { rule: 'aftercare_after_discharge', message: 'the admission is still open; discharge it first' };
  }
  if (request.outcome !== 'completed') {
    return {
      rule: 'aftercare_only_after_completed',
      message: `aftercare follows a completed treatment; this admission ended ${request.outcome ?? 'without outcome'}`,
    };
  }
  if (request.hasAftercare) {
    return { rule: 'one_aftercare_per_admission', message: 'aftercare has already started for this admission' };
  }
  if (request.startedOn < request.dischargedOn) {
    return {
      rule: 'aftercare_not_before_discharge',
      message: `startedOn ${request.startedOn} precedes dischargedOn ${request.dischargedOn}`,
    };
  }
  return undefined;
}

/** A follow-up belongs to the aftercare it is recorded for: not before that aftercare began. */
export function followUpProblem(startedOn: string, date: string): RuleBreak | undefined {
  if (date < startedOn) {
    return {
      rule: 'follow_up_not_before_aftercare',
      message: `date ${date} precedes the aftercare start ${startedOn}`,
    };
  }
  return undefined;
}
