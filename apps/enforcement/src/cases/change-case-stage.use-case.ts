import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Case, EnforcementEvents, type EnforcementRpc, type Principal, type RpcInput } from '@sinergi/contracts';
import { assertVisible, notFound, Outbox, ruleViolated, unprocessable } from '@sinergi/runtime';
import { CaseRecord } from './case.entity.js';
import { stageChangeProblem, stageDateProblem } from './case.rules.js';
import { toCase } from './open-case.use-case.js';

@Injectable()
export class ChangeCaseStageUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof EnforcementRpc.changeCaseStage>, principal: Principal): Promise<Case> {
    return this.em.transactional(async (tx) => {
      // Locked: two officers moving the same case at once cannot both pass the rule.
      const record = await tx.findOne(CaseRecord, { id: input.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!record) throw notFound('case', input.id);
      assertVisible(principal, record.regionCode, 'case', input.id);
      const problem = stageChangeProblem(record.stage, input.stage);
      if (problem) throw ruleViolated(problem.rule, problem.message);
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
