import type { Client } from '@sinergi/contracts';
import { ClientRecord } from './client.entity.js';

export function toClient(record: ClientRecord): Client {
  return {
    id: record.id,
    ageBand: record.ageBand,
    sex: record.sex,
    regionCode: record.regionCode,
    createdAt: record.createdAt.toISOString(),
  };
}
