import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PreventionRpc, Principal, RpcInput } from '@sinergi/contracts';
import { dateRange, findRegionPage, toPage } from '@sinergi/runtime';
import { TrainingRecord } from './training.entity.js';
import { toTraining } from './training.mapper.js';

@Injectable()
export class ListTrainingsUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.listTrainings>, principal: Principal) {
    const rows = await findRegionPage(
      this.em,
      TrainingRecord,
      principal,
      input,
      dateRange('on', input.from, input.to),
      { sector: input.sector },
    );
    return toPage(rows, input.limit, toTraining);
  }
}
