import type { BersinarVillage } from '@sinergi/contracts';
import { BersinarVillageRecord } from './bersinar-village.entity.js';

export function toBersinarVillage(record: BersinarVillageRecord): BersinarVillage {
  return {
    id: record.id,
    regionCode: record.regionCode,
    designatedOn: record.designatedOn,
    status: record.status,
    createdAt: record.createdAt.toISOString(),
  };
}
