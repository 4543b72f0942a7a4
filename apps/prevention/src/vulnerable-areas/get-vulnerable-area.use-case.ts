import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PreventionRpc, Principal, RpcInput, RpcOutput } from '@sinergi/contracts';
import { loadVisible } from '@sinergi/runtime';
import { RiskAssessmentRecord, VulnerableAreaRecord } from './vulnerable-area.entity.js';
import { chronological } from './vulnerable-area.rules.js';
import { toVulnerableArea } from './vulnerable-area.mapper.js';

export type VulnerableAreaWithHistory = RpcOutput<typeof PreventionRpc.getVulnerableArea>;

export function withHistory(area: VulnerableAreaRecord, history: RiskAssessmentRecord[]): VulnerableAreaWithHistory {
  return {
    ...toVulnerableArea(area),
    history: chronological(history).map((a) => ({
      id: a.id,
      riskLevel: a.riskLevel,
      assessedOn: a.assessedOn,
      recordedAt: a.recordedAt.toISOString(),
    })),
  };
}

@Injectable()
export class GetVulnerableAreaUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.getVulnerableArea>, principal: Principal) {
    const area = await loadVisible(this.em, VulnerableAreaRecord, input.areaId, 'vulnerable area', principal, {
      lock: 'none',
    });
    const history = await this.em.find(RiskAssessmentRecord, { areaId: area.id });
    return withHistory(area, history);
  }
}
