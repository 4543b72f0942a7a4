import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Facility, RehabEvents, type RpcInput, type RehabRpc, type Principal } from '@sinergi/contracts';
import { assertWritableRegion, Outbox, RegionDirectory, unprocessable } from '@sinergi/runtime';
import { FacilityRecord } from './facility.entity.js';
import { facilityRegionProblem } from './facility.rules.js';

export function toFacility(record: FacilityRecord): Facility {
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    regionCode: record.regionCode,
    createdAt: record.createdAt.toISOString(),
  };
}

@Injectable()
export class RegisterFacilityUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.registerFacility>, principal: Principal): Promise<Facility> {
    if (!this.regions.has(input.regionCode))
      throw unprocessable('regionCode', `${input.regionCode} is not a known region`);
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
