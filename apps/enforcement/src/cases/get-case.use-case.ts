import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Case, EnforcementRpc, Principal, RpcInput } from '@sinergi/contracts';
import { loadVisible } from '@sinergi/runtime';
import { CaseRecord } from './case.entity.js';
import { toCase } from './case.mapper.js';

@Injectable()
export class GetCaseUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof EnforcementRpc.getCase>, principal: Principal): Promise<Case> {
    const record = await loadVisible(this.em, CaseRecord, input.id, 'case', principal, { lock: 'none' });
    return toCase(record);
  }
}
