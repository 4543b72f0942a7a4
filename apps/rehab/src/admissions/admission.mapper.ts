import type { Admission } from '@sinergi/contracts';
import { AdmissionRecord } from './admission.entity.js';

export function toAdmission(record: AdmissionRecord): Admission {
  return {
    id: record.id,
    clientId: record.clientId,
    facilityId: record.facilityId,
    program: record.program,
    source: record.source,
    primarySubstance: record.primarySubstance,
    admittedOn: record.admittedOn,
    assessmentId: record.assessmentId ?? null,
    status: record.status,
    regionCode: record.regionCode,
  };
}
