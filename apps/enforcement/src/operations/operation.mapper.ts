import type { Operation } from '@sinergi/contracts';
import { OperationRecord } from './operation.entity.js';

export function toOperation(record: OperationRecord): Operation {
  return {
    id: record.id,
    regionCode: record.regionCode,
    kind: record.kind,
    venueType: record.venueType ?? null,
    on: record.conductedOn,
    peopleTested: record.peopleTested,
    positives: record.positives,
    createdAt: record.createdAt.toISOString(),
  };
}
