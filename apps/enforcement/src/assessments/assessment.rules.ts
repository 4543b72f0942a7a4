import type { SuspectRole, SuspectStatus } from '@sinergi/contracts';
import type { RuleBreak } from '@sinergi/runtime';

// The due date and the overdue rule are shared with rehab: packages/contracts/src/assessment-clock.ts.

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
