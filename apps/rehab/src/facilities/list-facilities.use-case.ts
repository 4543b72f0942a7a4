import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Facility, Principal, RehabRpc, RpcInput } from '@sinergi/contracts';
import { afterCursor, scopedRegion, toPage, withinRegion } from '@sinergi/runtime';
import { FacilityRecord } from './facility.entity.js';
import { toFacility } from './facility.mapper.js';

@Injectable()
export class ListFacilitiesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listFacilities>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const rows = await this.em.find(
      FacilityRecord,
      { $and: [withinRegion(region), afterCursor(input.cursor), input.kind ? { kind: input.kind } : {}] },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage<FacilityRecord, Facility>(rows, input.limit, toFacility);
  }
}
