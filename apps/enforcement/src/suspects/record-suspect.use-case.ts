import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  EnforcementEvents,
  type EnforcementRpc,
  type Principal,
  type RpcInput,
  type Suspect,
} from '@sinergi/contracts';
import { Outbox } from '@sinergi/runtime';
import { findOpenCase } from '../cases/find-case.js';
import { SuspectRecord } from './suspect.entity.js';
import { ageBand } from './suspect.rules.js';
import { toSuspect } from './suspect.mapper.js';

@Injectable()
export class RecordSuspectUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof EnforcementRpc.recordSuspect>, principal: Principal): Promise<Suspect> {
    return this.em.transactional(async (tx) => {
      const narcoticsCase = await findOpenCase(tx, input.caseId, principal);
      const record = tx.create(SuspectRecord, {
        id: randomUUID(),
        caseId: narcoticsCase.id,
        regionCode: narcoticsCase.regionCode,
        role: input.role,
        sex: input.sex,
        age: input.age,
        ageBand: ageBand(input.age),
        nationality: input.nationality,
        status: 'recorded',
        assessmentEligible: false,
        createdAt: new Date(),
      });
      this.outbox.record(tx, EnforcementEvents.suspectRecorded, {
        regionCode: record.regionCode,
        payload: {
          suspectId: record.id,
          caseId: record.caseId,
          role: record.role,
          sex: record.sex,
          ageBand: record.ageBand,
          nationality: record.nationality,
        },
      });
      return toSuspect(record);
    });
  }
}
