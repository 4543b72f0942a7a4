import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  EnforcementEvents,
  type EnforcementRpc,
  type Operation,
  type Principal,
  type RpcInput,
} from '@sinergi/contracts';
import { Outbox, RegionDirectory } from '@sinergi/runtime';
import { assertRecordRegion } from '../regions.js';
import { OperationRecord } from './operation.entity.js';
import { toOperation } from './operation.mapper.js';

@Injectable()
export class RecordOperationUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof EnforcementRpc.recordOperation>, principal: Principal): Promise<Operation> {
    assertRecordRegion(this.regions, principal, input.regionCode);
    return this.em.transactional(async (tx) => {
      const record = tx.create(OperationRecord, {
        id: randomUUID(),
        regionCode: input.regionCode,
        kind: input.kind,
        venueType: input.venueType ?? null,
        conductedOn: input.on,
        peopleTested: input.peopleTested,
        positives: input.positives,
        createdAt: new Date(),
      });
      const { id, createdAt: _, ...operation } = toOperation(record);
      this.outbox.record(tx, EnforcementEvents.operationRecorded, {
        regionCode: record.regionCode,
        payload: { operationId: id, ...operation },
      });
      return toOperation(record);
    });
  }
}
