import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type FollowUp, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import { assertNoRuleBreak, loadVisible, Outbox } from '@sinergi/runtime';
import { AftercareRecord, FollowUpRecord } from './aftercare.entity.js';
import { followUpProblem } from './aftercare.rules.js';
import { toFollowUp } from './aftercare.mapper.js';

@Injectable()
export class RecordFollowUpUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.recordFollowUp>, principal: Principal): Promise<FollowUp> {
    return this.em.transactional(async (tx) => {
      const aftercare = await loadVisible(tx, AftercareRecord, input.aftercareId, 'aftercare', principal, {
        lock: 'none',
      });
      const problem = followUpProblem(aftercare.startedOn, input.date);
      assertNoRuleBreak(problem);

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
