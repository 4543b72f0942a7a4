import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Facility, Principal, RehabRpc, RpcInput } from '@sinergi/contracts';
import { decodeCursor, scopedRegion, toPage } from '@sinergi/runtime';
import { FacilityRecord } from './facility.entity.js';
import { toFacility } from './register-facility.use-case.js';

@Injectable()
export class ListFacilitiesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listFacilities>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const cursor = decodeCursor(input.cursor);
    const rows = await this.em.find(
      FacilityRecord,
      {
        ...(region === 'ID' ? {} : { $or: [{ regionCode: region }, { regionCode: { $like: `${region}.%` } }] }),
        ...(input.kind ? { kind: input.kind } : {}),
        ...(cursor
          ? {
              $and: [
                {
                  $or: [
                    { createdAt: { $gt: new Date(cursor.createdAt) } },
                    { createdAt: new Date(cursor.createdAt), id: { $gt: cursor.id } },
                  ],
                },
              ],
            }
          : {}),
      },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage<FacilityRecord, Facility>(rows, input.limit, toFacility);
  }
}
