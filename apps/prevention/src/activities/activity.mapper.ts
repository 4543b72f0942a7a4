import type { Activity } from '@sinergi/contracts';
import { ActivityRecord } from './activity.entity.js';
import { activityRecordedPayload } from './activity-events.js';

/** An activity as the API answers it: what its event says, under its own id. */
export function toActivity(record: ActivityRecord): Activity {
  const { activityId, ...activity } = activityRecordedPayload(record);
  return { id: activityId, ...activity, createdAt: record.createdAt.toISOString() };
}
