import { type AssessmentRequest, assessmentClock, todayInJakarta } from '@sinergi/contracts';
import { AssessmentRequestRecord } from './assessment-request.entity.js';

export function toAssessmentRequest(record: AssessmentRequestRecord, today = todayInJakarta()): AssessmentRequest {
  return {
    id: record.id,
    caseId: record.caseId,
    suspectId: record.suspectId,
    regionCode: record.regionCode,
    requestedOn: record.requestedOn,
    dueOn: record.dueOn,
    status: record.status,
    recommendation: record.recommendation ?? null,
    decidedOn: record.decidedOn ?? null,
    ...assessmentClock({ dueOn: record.dueOn, decided: record.status === 'completed' }, today),
    overdueNotifiedOn: record.overdueNotifiedOn ?? null,
    createdAt: record.createdAt.toISOString(),
  };
}
