import type { RuleBreak } from '@sinergi/runtime';
import type { ReferralSource } from './admission.entity.js';

export interface AdmissionRequest {
  source: ReferralSource;
  assessmentId?: string;
  hasOpenAdmission: boolean;
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

export interface DischargeRequest {
  status: 'open' | 'discharged';
  admittedOn: string;
  dischargedOn: string;
}

/** Only an open admission is discharged, and never before the day it began. */
export function dischargeProblem(request: DischargeRequest): RuleBreak | undefined {
  if (request.status !== 'open') {
    return { rule: 'discharge_only_open', message: 'the admission is already discharged' };
  }
  if (request.dischargedOn < request.admittedOn) {
    return {
      rule: 'discharge_not_before_admission',
      message: `dischargedOn ${request.dischargedOn} precedes admittedOn ${request.admittedOn}`,
    };
  }
  return undefined;
}

/** What a TAT referral needs to know of the assessment it names; undefined when there is none. */
export interface TatAssessmentState {
  status: 'pending' | 'completed';
  recommendation: 'outpatient' | 'inpatient' | 'legal_process' | null;
  requestedOn: string;
  /** The admission that already used this assessment, if any. */
  usedByAdmissionId: string | null;
}

/**
 * A TAT referral rests on a completed assessment that recommended rehabilitation, and one
 * assessment admits one episode: referral counts would otherwise double.
 */
export function tatReferralProblem(
  assessment: TatAssessmentState | undefined,
  admittedOn: string,
): RuleBreak | undefined {
  if (!assessment) {
    return {
      rule: 'tat_assessment_unknown',
      message: 'the assessmentId names no integrated assessment known to rehab',
    };
  }
  if (assessment.status !== 'completed') {
    return { rule: 'tat_assessment_not_completed', message: 'the assessment has no result yet' };
  }
  if (assessment.recommendation === 'legal_process') {
    return {
      rule: 'tat_assessment_recommends_legal_process',
      message: 'the assessment recommended legal process, not rehabilitation',
    };
  }
  if (assessment.usedByAdmissionId) {
    return {
      rule: 'tat_assessment_already_used',
      message: `the assessment already admitted the client in admission ${assessment.usedByAdmissionId}`,
    };
  }
  if (admittedOn < assessment.requestedOn) {
    return { rule: 'tat_admission_before_request', message: 'admittedOn precedes the assessment request' };
  }
  return undefined;
}
