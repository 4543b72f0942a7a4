import type { PrisonSnapshot } from '@sinergi/contracts';
import { PrisonSnapshotRecord } from './prison-snapshot.entity.js';

export function toPrisonSnapshot(record: PrisonSnapshotRecord): PrisonSnapshot {
  return {
    id: record.id,
    regionCode: record.regionCode,
    facilityName: record.facilityName,
    on: record.snapshotOn,
    capacity: record.capacity,
    occupancy: record.occupancy,
    narcoticsInmates: record.narcoticsInmates,
    createdAt: record.createdAt.toISOString(),
  };
}
