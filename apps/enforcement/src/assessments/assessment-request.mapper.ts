import { type AssessmentRequest, todayInJakarta } from '@sinergi/contracts';
import { AssessmentRequestRecord } from './assessment-request.entity.js';
import { isOverdue } from './assessment.rules.js';

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
    overdue: isOverdue({ dueOn: record.dueOn, decided: record.status === 'completed' }, today),
    createdAt: record.createdAt.toISOString(),
  };
}
