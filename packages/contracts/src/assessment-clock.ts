/**
 * The integrated assessment's legal clock (docs/domain.md, "Integrated assessment"): the TAT's
 * result is due ASSESSMENT_DEADLINE_DAYS calendar days after the investigator's request, and an
 * assessment still undecided after that day is overdue. One definition for the side that asks
 * (enforcement) and the side that must answer (rehab), which share no runtime code.
 */
import { z } from 'zod';
import { addDays } from './calendar.js';
import { ASSESSMENT_DEADLINE_DAYS } from './policy.js';

/** The day the TAT's answer is due. */
export function assessmentDueOn(requestedOn: string): string {
  return addDays(requestedOn, ASSESSMENT_DEADLINE_DAYS);
}

/** Overdue: still without a result after the due date has passed; on the due date itself it is in time. */
export function isAssessmentOverdue(assessment: { dueOn: string; decided: boolean }, today: string): boolean {
  return !assessment.decided && today > assessment.dueOn;
}

/** Whole calendar days from `from` to `to`, both `YYYY-MM-DD`; negative when `to` is earlier. */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What a list of assessments shows of the clock beside the due date. */
export interface AssessmentClock {
  /** Days until the due date: 0 on the due day, negative once past; null once decided (the clock stopped). */
  daysLeft: number | null;
  overdue: boolean;
}

export function assessmentClock(assessment: { dueOn: string; decided: boolean }, today: string): AssessmentClock {
  return {
    daysLeft: assessment.decided ? null : calendarDaysBetween(today, assessment.dueOn),
    overdue: isAssessmentOverdue(assessment, today),
  };
}

/** The clock's answer fields, the same in rehab's queue and enforcement's requests. */
export const assessmentClockFields = {
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
};

/** `?overdue=true|false` on a list of assessments: a query string arrives as text, an RPC caller may send a boolean. */
export const overdueFilterSchema = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((value) => value === 'true'),
]);
