import type { Suspect } from '@sinergi/contracts';
import { SuspectRecord } from './suspect.entity.js';

export function toSuspect(record: SuspectRecord): Suspect {
  return {
    id: record.id,
    caseId: record.caseId,
    regionCode: record.regionCode,
    role: record.role,
    sex: record.sex,
    age: record.age,
    ageBand: record.ageBand,
    nationality: record.nationality,
    status: record.status,
    assessmentEligible: record.assessmentEligible,
    createdAt: record.createdAt.toISOString(),
  };
}
