import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { EnforcementRpc, Principal, RpcInput } from '@sinergi/contracts';
import { findRegionPage, toPage } from '@sinergi/runtime';
import { CaseRecord } from './case.entity.js';
import { toCase } from './case.mapper.js';

@Injectable()
export class ListCasesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof EnforcementRpc.listCases>, principal: Principal) {
    const rows = await findRegionPage(this.em, CaseRecord, principal, input, { stage: input.stage });
    return toPage(rows, input.limit, toCase);
  }
}
