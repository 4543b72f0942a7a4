import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { BersinarVillage, PreventionRpc, Principal, RpcInput } from '@sinergi/contracts';
import { afterCursor, scopedRegion, toPage, withinRegion } from '@sinergi/runtime';
import { BersinarVillageRecord } from './bersinar-village.entity.js';
import { toBersinarVillage } from './bersinar-village.mapper.js';

@Injectable()
export class ListBersinarVillagesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.listBersinarVillages>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const rows = await this.em.find(
      BersinarVillageRecord,
      {
        ...withinRegion(region),
        ...(input.status ? { status: input.status } : {}),
        ...afterCursor(input.cursor),
      },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage<BersinarVillageRecord, BersinarVillage>(rows, input.limit, toBersinarVillage);
  }
}
