import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PreventionRpc, Principal, RpcInput } from '@sinergi/contracts';
import { findRegionPage, toPage } from '@sinergi/runtime';
import { VulnerableAreaRecord } from './vulnerable-area.entity.js';
import { toVulnerableArea } from './vulnerable-area.mapper.js';

@Injectable()
export class ListVulnerableAreasUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.listVulnerableAreas>, principal: Principal) {
    const rows = await findRegionPage(this.em, VulnerableAreaRecord, principal, input, { riskLevel: input.riskLevel });
    return toPage(rows, input.limit, toVulnerableArea);
  }
}
