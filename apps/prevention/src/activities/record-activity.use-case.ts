import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Activity, PreventionEvents, type PreventionRpc, type Principal, type RpcInput } from '@sinergi/contracts';
import { assertKnownRegion, assertWritableRegion, Outbox, RegionDirectory, unprocessable } from '@sinergi/runtime';
import { ActivityRecord } from './activity.entity.js';
import { activityRecordedPayload } from './activity-events.js';
import { activityRegionProblem } from './activity.rules.js';
import { toActivity } from './activity.mapper.js';

/** The event of one recorded activity: the same shape whether it came alone or in a file. */
export function recordActivityEvent(em: EntityManager, outbox: Outbox, record: ActivityRecord) {
  return outbox.record(em, PreventionEvents.activityRecorded, {
    regionCode: record.regionCode,
    payload: activityRecordedPayload(record),
  });
}

@Injectable()
export class RecordActivityUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof PreventionRpc.recordActivity>, principal: Principal): Promise<Activity> {
    assertKnownRegion(this.regions, input.regionCode);
    const problem = activityRegionProblem(input.regionCode);
    if (problem) throw unprocessable('regionCode', problem);
    assertWritableRegion(principal, input.regionCode);
    return this.em.transactional(async (tx) => {
      const record = tx.create(ActivityRecord, {
        id: randomUUID(),
        ...input,
        reach: input.reach ?? null,
        importId: null,
        createdAt: new Date(),
      });
      recordActivityEvent(tx, this.outbox, record);
      return toActivity(record);
    });
  }
}
