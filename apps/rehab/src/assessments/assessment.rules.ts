import type { RuleBreak } from '@sinergi/runtime';

export interface AssessmentResultRequest {
  status: 'pending' | 'completed';
  requestedOn: string;
  decidedOn: string;
}

/** One result per assessment, decided on or after the day it was requested. */
export function assessmentResultProblem(request: AssessmentResultRequest): RuleBreak | undefined {
  if (request.status !== 'pending') {
    return { rule: 'assessment_result_once', message: 'the assessment already has its result' };
  }
  if (request.decidedOn < request.requestedOn) {
    return {
      rule: 'decision_not_before_request',
      message: `decidedOn ${request.decidedOn} precedes requestedOn ${request.requestedOn}`,
    };
  }
  return undefined;
}
