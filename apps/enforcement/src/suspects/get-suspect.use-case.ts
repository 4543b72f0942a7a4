import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { EnforcementRpc, Principal, RpcInput, Suspect } from '@sinergi/contracts';
import { assertVisible, notFound } from '@sinergi/runtime';
import { toSuspect } from './record-suspect.use-case.js';
import { SuspectRecord } from './suspect.entity.js';

@Injectable()
export class GetSuspectUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof EnforcementRpc.getSuspect>, principal: Principal): Promise<Suspect> {
    const record = await this.em.findOne(SuspectRecord, { id: input.id });
    if (!record) throw notFound('suspect', input.id);
    assertVisible(principal, record.regionCode, 'suspect', input.id);
    return toSuspect(record);
  }
}
