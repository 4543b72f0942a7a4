import type { ReferralSource } from './admission.entity.js';

export interface AdmissionRequest {
  source: ReferralSource;
  assessmentId?: string;
  hasOpenAdmission: boolean;
}

export interface RuleBreak {
  rule: string;
  message: string;
}

/** A client has at most one open admission, and only a TAT referral carries an assessment id. */
export function admissionProblem(request: AdmissionRequest): RuleBreak | undefined {
  if (request.hasOpenAdmission) {
    return { rule: 'one_open_admission', message: 'the client already has an open admission; discharge it first' };
  }
  if (request.source === 'tat' && !request.assessmentId) {
    return { rule: 'tat_needs_assessment', message: 'an admission referred by the TAT must name its assessmentId' };
  }
  if (request.source !== 'tat' && request.assessmentId) {
    return { rule: 'assessment_only_for_tat', message: 'assessmentId is only given with source "tat"' };
  }
  return undefined;
}
