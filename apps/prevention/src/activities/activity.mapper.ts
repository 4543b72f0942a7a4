import type { Activity } from '@sinergi/contracts';
import { ActivityRecord } from './activity.entity.js';

export function toActivity(record: ActivityRecord): Activity {
  return {
    id: record.id,
    regionCode: record.regionCode,
    kind: record.kind,
    segment: record.segment,
    channel: record.channel,
    on: record.on,
    participants: record.participants,
    reach: record.reach ?? null,
    importId: record.importId ?? null,
    createdAt: record.createdAt.toISOString(),
  };
}
