import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PreventionRpc, Principal, RpcInput } from '@sinergi/contracts';
import { dateRange, findRegionPage, toPage } from '@sinergi/runtime';
import { ActivityRecord } from './activity.entity.js';
import { toActivity } from './activity.mapper.js';

@Injectable()
export class ListActivitiesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.listActivities>, principal: Principal) {
    const rows = await findRegionPage(
      this.em,
      ActivityRecord,
      principal,
      input,
      dateRange('on', input.from, input.to),
      { kind: input.kind },
    );
    return toPage(rows, input.limit, toActivity);
  }
}
