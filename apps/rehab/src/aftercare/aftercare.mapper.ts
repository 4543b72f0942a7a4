import { type Aftercare, type FollowUp, followUpSchedule } from '@sinergi/contracts';
import { AftercareRecord, FollowUpRecord } from './aftercare.entity.js';

export function toFollowUp(record: FollowUpRecord): FollowUp {
  return {
    id: record.id,
    aftercareId: record.aftercareId,
    date: record.date,
    status: record.status,
    employed: record.employed ?? null,
    createdAt: record.createdAt.toISOString(),
  };
}

export function toAftercare(record: AftercareRecord): Aftercare {
  return {
    id: record.id,
    admissionId: record.admissionId,
    clientId: record.clientId,
    regionCode: record.regionCode,
    startedOn: record.startedOn,
    dischargedOn: record.dischargedOn,
    dueDates: followUpSchedule(record.startedOn).map((point) => point.dueOn),
    createdAt: record.createdAt.toISOString(),
  };
}
