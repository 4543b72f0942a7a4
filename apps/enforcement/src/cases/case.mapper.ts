import type { Case } from '@sinergi/contracts';
import { CaseRecord } from './case.entity.js';

export function toCase(record: CaseRecord): Case {
  return {
    id: record.id,
    regionCode: record.regionCode,
    agency: record.agency,
    openedOn: record.openedOn,
    reference: record.reference ?? null,
    stage: record.stage,
    stageChangedOn: record.stageChangedOn,
    createdAt: record.createdAt.toISOString(),
  };
}
