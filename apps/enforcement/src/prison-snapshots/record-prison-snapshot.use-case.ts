import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  EnforcementEvents,
  type EnforcementRpc,
  type Principal,
  type PrisonSnapshot,
  type RpcInput,
} from '@sinergi/contracts';
import { conflict, Outbox, RegionDirectory } from '@sinergi/runtime';
import { assertRecordRegion } from '../regions.js';
import { PrisonSnapshotRecord } from './prison-snapshot.entity.js';
import { toPrisonSnapshot } from './prison-snapshot.mapper.js';

@Injectable()
export class RecordPrisonSnapshotUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(
    input: RpcInput<typeof EnforcementRpc.recordPrisonSnapshot>,
    principal: Principal,
  ): Promise<PrisonSnapshot> {
    assertRecordRegion(this.regions, principal, input.regionCode);
    return this.em.transactional(async (tx) => {
      const key = { regionCode: input.regionCode, facilityName: input.facilityName, snapshotOn: input.on };
      const existing = await tx.findOne(PrisonSnapshotRecord, key, { fields: ['id'] });
      // A snapshot is a fact of one day; correcting it is a separate decision, not a silent overwrite.
      if (existing) {
        throw conflict(`a snapshot of ${input.facilityName} on ${input.on} is already recorded`, {
          existingSnapshotId: existing.id,
        });
      }
      const record = tx.create(PrisonSnapshotRecord, {
        id: randomUUID(),
        ...key,
        capacity: input.capacity,
        occupancy: input.occupancy,
        narcoticsInmates: input.narcoticsInmates,
        createdAt: new Date(),
      });
      const { id, createdAt: _, ...snapshot } = toPrisonSnapshot(record);
      this.outbox.record(tx, EnforcementEvents.prisonSnapshotRecorded, {
        regionCode: record.regionCode,
        payload: { snapshotId: id, ...snapshot },
      });
      return toPrisonSnapshot(record);
    });
  }
}
