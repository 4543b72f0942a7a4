import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Case, EnforcementEvents, type EnforcementRpc, type Principal, type RpcInput } from '@sinergi/contracts';
import { Outbox, RegionDirectory } from '@sinergi/runtime';
import { assertRecordRegion } from '../regions.js';
import { CaseRecord } from './case.entity.js';
import { toCase } from './case.mapper.js';

@Injectable()
export class OpenCaseUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof EnforcementRpc.openCase>, principal: Principal): Promise<Case> {
    assertRecordRegion(this.regions, principal, input.regionCode);
    return this.em.transactional(async (tx) => {
      const record = tx.create(CaseRecord, {
        id: randomUUID(),
        regionCode: input.regionCode,
        agency: input.agency,
        openedOn: input.openedOn,
        reference: input.reference ?? null,
        stage: 'investigation',
        stageChangedOn: input.openedOn,
        createdAt: new Date(),
      });
      this.outbox.record(tx, EnforcementEvents.caseOpened, {
        regionCode: record.regionCode,
        payload: { caseId: record.id, regionCode: record.regionCode, agency: record.agency, openedOn: record.openedOn },
      });
      return toCase(record);
    });
  }
}
