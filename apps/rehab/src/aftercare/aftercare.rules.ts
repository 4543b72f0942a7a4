import type { DischargeOutcome } from '@sinergi/contracts';
import type { RuleBreak } from '@sinergi/runtime';

// The follow-up schedule and the overdue rule (followUpSchedule, missedFollowUp) are in
// packages/contracts/src/aftercare-schedule.ts, so that reporting counts overdue clients by the same rule.

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
