import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PreventionRpc, Principal, RpcInput } from '@sinergi/contracts';
import { findRegionPage, toPage } from '@sinergi/runtime';
import { BersinarVillageRecord } from './bersinar-village.entity.js';
import { toBersinarVillage } from './bersinar-village.mapper.js';

@Injectable()
export class ListBersinarVillagesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.listBersinarVillages>, principal: Principal) {
    const rows = await findRegionPage(this.em, BersinarVillageRecord, principal, input, { status: input.status });
    return toPage(rows, input.limit, toBersinarVillage);
  }
}
