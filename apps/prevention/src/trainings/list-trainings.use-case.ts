import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PreventionRpc, Principal, RpcInput, Training } from '@sinergi/contracts';
import { afterCursor, dateRange, scopedRegion, toPage, withinRegion } from '@sinergi/runtime';
import { TrainingRecord } from './training.entity.js';
import { toTraining } from './training.mapper.js';

@Injectable()
export class ListTrainingsUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.listTrainings>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const rows = await this.em.find(
      TrainingRecord,
      {
        ...withinRegion(region),
        ...dateRange('on', input.from, input.to),
        ...(input.sector ? { sector: input.sector } : {}),
        ...afterCursor(input.cursor),
      },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage<TrainingRecord, Training>(rows, input.limit, toTraining);
  }
}
