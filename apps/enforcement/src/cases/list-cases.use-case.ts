import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Case, EnforcementRpc, Principal, RpcInput } from '@sinergi/contracts';
import { afterCursor, scopedRegion, toPage, withinRegion } from '@sinergi/runtime';
import { CaseRecord } from './case.entity.js';
import { toCase } from './case.mapper.js';

@Injectable()
export class ListCasesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof EnforcementRpc.listCases>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const rows = await this.em.find(
      CaseRecord,
      {
        ...withinRegion(region),
        ...(input.stage ? { stage: input.stage } : {}),
        ...afterCursor(input.cursor),
      },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage<CaseRecord, Case>(rows, input.limit, toCase);
  }
}
