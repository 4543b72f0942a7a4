import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PreventionRpc, Principal, RpcInput, VulnerableArea } from '@sinergi/contracts';
import { afterCursor, scopedRegion, toPage, withinRegion } from '@sinergi/runtime';
import { VulnerableAreaRecord } from './vulnerable-area.entity.js';
import { toVulnerableArea } from './vulnerable-area.mapper.js';

@Injectable()
export class ListVulnerableAreasUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.listVulnerableAreas>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const rows = await this.em.find(
      VulnerableAreaRecord,
      {
        ...withinRegion(region),
        ...(input.riskLevel ? { riskLevel: input.riskLevel } : {}),
        ...afterCursor(input.cursor),
      },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage<VulnerableAreaRecord, VulnerableArea>(rows, input.limit, toVulnerableArea);
  }
}
