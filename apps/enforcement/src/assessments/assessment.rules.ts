import { ASSESSMENT_DEADLINE_DAYS, type SuspectRole, type SuspectStatus } from '@sinergi/contracts';
import { addDays, type RuleBreak } from '@sinergi/runtime';

/** The day the TAT's answer is due (ASSESSMENT_DEADLINE_DAYS, docs/domain.md). */
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
