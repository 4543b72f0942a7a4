import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Principal, RehabRpc, RpcInput } from '@sinergi/contracts';
import { findRegionPage, toPage } from '@sinergi/runtime';
import { FacilityRecord } from './facility.entity.js';
import { toFacility } from './facility.mapper.js';

@Injectable()
export class ListFacilitiesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listFacilities>, principal: Principal) {
    const rows = await findRegionPage(this.em, FacilityRecord, principal, input, { kind: input.kind });
    return toPage(rows, input.limit, toFacility);
  }
}
