import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Activity, PreventionRpc, Principal, RpcInput } from '@sinergi/contracts';
import { afterCursor, dateRange, scopedRegion, toPage, withinRegion } from '@sinergi/runtime';
import { ActivityRecord } from './activity.entity.js';
import { toActivity } from './activity.mapper.js';

@Injectable()
export class ListActivitiesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.listActivities>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const rows = await this.em.find(
      ActivityRecord,
      {
        ...withinRegion(region),
        ...dateRange('on', input.from, input.to),
        ...(input.kind ? { kind: input.kind } : {}),
        ...afterCursor(input.cursor),
      },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage<ActivityRecord, Activity>(rows, input.limit, toActivity);
  }
}
