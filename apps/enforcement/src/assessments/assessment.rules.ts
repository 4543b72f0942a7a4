import type { SuspectRole, SuspectStatus } from '@sinergi/contracts';
import type { RuleBreak } from '../cases/case.rules.js';

/** Peraturan Bersama 2014: the TAT answers within 6 days of the investigator's request. */
export const ASSESSMENT_DEADLINE_DAYS = 6;

/** A calendar date plus whole days, in `YYYY-MM-DD`; computed in UTC so no time zone shifts the day. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function assessmentDueOn(requestedOn: string): string {
  return addDays(requestedOn, ASSESSMENT_DEADLINE_DAYS);
}

/** Overdue: still without a result after the due date has passed. */
export function isOverdue(request: { dueOn: string; decided: boolean }, today: string): boolean {
  return !request.decided && today > request.dueOn;
}

/** True when the decision came on or before the due date. */
export function decidedInTime(dueOn: string, decidedOn: string): boolean {
  return decidedOn <= dueOn;
}

/**
 * Users are victims to be assessed for rehabilitation; couriers, dealers and traffickers go to
 * court. A suspect is assessed once.
 */
export function assessmentRequestProblem(suspect: { role: SuspectRole; status: SuspectStatus }): RuleBreak | undefined {
  if (suspect.role !== 'user') {
    return {
      rule: 'assessment_only_for_users',
      message: `only a suspect with role user can be assessed; this suspect is a ${suspect.role}`,
    };
  }
  if (suspect.status !== 'recorded') {
    return { rule: 'assessment_already_requested', message: 'an assessment was already requested for this suspect' };
  }
  return undefined;
}
