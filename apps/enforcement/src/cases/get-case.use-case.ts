import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Case, EnforcementRpc, Principal, RpcInput } from '@sinergi/contracts';
import { assertVisible, notFound } from '@sinergi/runtime';
import { CaseRecord } from './case.entity.js';
import { toCase } from './open-case.use-case.js';

@Injectable()
export class GetCaseUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof EnforcementRpc.getCase>, principal: Principal): Promise<Case> {
    const record = await this.em.findOne(CaseRecord, { id: input.id });
    if (!record) throw notFound('case', input.id);
    assertVisible(principal, record.regionCode, 'case', input.id);
    return toCase(record);
  }
}
