import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type FollowUp, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import { assertVisible, notFound, Outbox, ruleViolated } from '@sinergi/runtime';
import { AftercareRecord, FollowUpRecord } from './aftercare.entity.js';
import { followUpProblem } from './aftercare.rules.js';

export function toFollowUp(record: FollowUpRecord): FollowUp {
  return {
    id: record.id,
    aftercareId: record.aftercareId,
    date: record.date,
    status: record.status,
    employed: record.employed ?? null,
    createdAt: record.createdAt.toISOString(),
  };
}

@Injectable()
export class RecordFollowUpUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.recordFollowUp>, principal: Principal): Promise<FollowUp> {
    return this.em.transactional(async (tx) => {
      const aftercare = await tx.findOne(AftercareRecord, { id: input.aftercareId });
      if (!aftercare) throw notFound('aftercare', input.aftercareId);
      assertVisible(principal, aftercare.regionCode, 'aftercare', input.aftercareId);
      const problem = followUpProblem(aftercare.startedOn, input.date);
      if (problem) throw ruleViolated(problem.rule, problem.message);

      const record = tx.create(FollowUpRecord, {
        id: randomUUID(),
        aftercareId: aftercare.id,
        clientId: aftercare.clientId,
        date: input.date,
        status: input.status,
        employed: input.employed ?? null,
        createdAt: new Date(),
      });
      this.outbox.record(tx, RehabEvents.followUpRecorded, {
        regionCode: aftercare.regionCode,
        payload: {
          aftercareId: aftercare.id,
          clientId: aftercare.clientId,
          date: record.date,
          status: record.status,
          employed: record.employed ?? null,
        },
      });
      return toFollowUp(record);
    });
  }
}
