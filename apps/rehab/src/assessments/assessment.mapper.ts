import { type Assessment, assessmentClock, todayInJakarta } from '@sinergi/contracts';
import { AssessmentRecord } from './assessment.entity.js';

export function toAssessment(
  record: AssessmentRecord,
  admissionId: string | null,
  today = todayInJakarta(),
): Assessment {
  return {
    id: record.id,
    caseId: record.caseId,
    suspectId: record.suspectId,
    regionCode: record.regionCode,
    requestedOn: record.requestedOn,
    dueOn: record.dueOn,
    sex: record.sex,
    ageBand: record.ageBand,
    assessmentEligible: record.assessmentEligible,
    status: record.status,
    recommendation: record.recommendation ?? null,
    decidedOn: record.decidedOn ?? null,
    ...assessmentClock({ dueOn: record.dueOn, decided: record.status === 'completed' }, today),
    overdueNotifiedAt: record.overdueNotifiedAt?.toISOString() ?? null,
    notes: record.notes ?? null,
    admissionId,
    createdAt: record.createdAt.toISOString(),
  };
}
