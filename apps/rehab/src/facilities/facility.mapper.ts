import type { Facility } from '@sinergi/contracts';
import { FacilityRecord } from './facility.entity.js';

export function toFacility(record: FacilityRecord): Facility {
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    regionCode: record.regionCode,
    createdAt: record.createdAt.toISOString(),
  };
}
