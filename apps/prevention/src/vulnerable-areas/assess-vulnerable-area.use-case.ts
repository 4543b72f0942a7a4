import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PreventionEvents, type PreventionRpc, type Principal, type RpcInput } from '@sinergi/contracts';
import { assertNoRuleBreak, Outbox, loadVisible } from '@sinergi/runtime';
import { type VulnerableAreaWithHistory, withHistory } from './get-vulnerable-area.use-case.js';
import { RiskAssessmentRecord, VulnerableAreaRecord } from './vulnerable-area.entity.js';
import { assessmentProblem, currentAssessment } from './vulnerable-area.rules.js';

@Injectable()
export class AssessVulnerableAreaUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(
    input: RpcInput<typeof PreventionRpc.assessVulnerableArea>,
    principal: Principal,
  ): Promise<VulnerableAreaWithHistory> {
    return this.em.transactional(async (tx) => {
      // Lock the area: two assessments racing must not both compute "current" from a stale history.
      const area = await loadVisible(tx, VulnerableAreaRecord, input.areaId, 'vulnerable area', principal);
      const history = await tx.find(RiskAssessmentRecord, { areaId: area.id });
      const problem = assessmentProblem(history, input.assessedOn);
      assertNoRuleBreak(problem);

      const previousRiskLevel = area.riskLevel;
      const assessment = tx.create(RiskAssessmentRecord, {
        id: randomUUID(),
        areaId: area.id,
        riskLevel: input.riskLevel,
        assessedOn: input.assessedOn,
        recordedAt: new Date(),
      });
      const all = [...history, assessment];
      const current = currentAssessment(all) ?? assessment;
      area.riskLevel = current.riskLevel;
      area.assessedOn = current.assessedOn;
      this.outbox.record(tx, PreventionEvents.vulnerableAreaAssessed, {
        regionCode: area.regionCode,
        payload: {
          areaId: area.id,
          assessmentId: assessment.id,
          regionCode: area.regionCode,
          riskLevel: assessment.riskLevel,
          assessedOn: assessment.assessedOn,
          previousRiskLevel,
          currentRiskLevel: current.riskLevel,
        },
      });
      return withHistory(area, all);
    });
  }
}
