import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Facility, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import { assertKnownRegion, assertWritableRegion, Outbox, RegionDirectory, unprocessable } from '@sinergi/runtime';
import { FacilityRecord } from './facility.entity.js';
import { facilityRegionProblem } from './facility.rules.js';
import { toFacility } from './facility.mapper.js';

@Injectable()
export class RegisterFacilityUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.registerFacility>, principal: Principal): Promise<Facility> {
    assertKnownRegion(this.regions, input.regionCode);
    const problem = facilityRegionProblem(input.kind, input.regionCode);
    if (problem) throw unprocessable('regionCode', problem);
    assertWritableRegion(principal, input.regionCode);
    return this.em.transactional(async (tx) => {
      const record = tx.create(FacilityRecord, { id: randomUUID(), ...input, createdAt: new Date() });
      this.outbox.record(tx, RehabEvents.facilityRegistered, {
        regionCode: record.regionCode,
        payload: { facilityId: record.id, kind: record.kind, name: record.name, regionCode: record.regionCode },
      });
      return toFacility(record);
    });
  }
}
