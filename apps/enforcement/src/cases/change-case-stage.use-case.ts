import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Case, EnforcementEvents, type EnforcementRpc, type Principal, type RpcInput } from '@sinergi/contracts';
import { assertNoRuleBreak, loadVisible, Outbox, unprocessable } from '@sinergi/runtime';
import { CaseRecord } from './case.entity.js';
import { stageChangeProblem, stageDateProblem } from './case.rules.js';
import { toCase } from './case.mapper.js';

@Injectable()
export class ChangeCaseStageUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof EnforcementRpc.changeCaseStage>, principal: Principal): Promise<Case> {
    return this.em.transactional(async (tx) => {
      // Locked: two officers moving the same case at once cannot both pass the rule.
      const record = await loadVisible(tx, CaseRecord, input.id, 'case', principal);
      const problem = stageChangeProblem(record.stage, input.stage);
      assertNoRuleBreak(problem);
      const dateProblem = stageDateProblem(record.stageChangedOn, input.on);
      if (dateProblem) throw unprocessable('on', dateProblem);

      const from = record.stage;
      record.stage = input.stage;
      record.stageChangedOn = input.on;
      this.outbox.record(tx, EnforcementEvents.caseStageChanged, {
        regionCode: record.regionCode,
        payload: { caseId: record.id, from, to: record.stage, on: input.on },
      });
      return toCase(record);
    });
  }
}
