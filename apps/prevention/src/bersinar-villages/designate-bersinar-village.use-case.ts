import { randomUUID } from 'node:crypto';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type BersinarVillage,
  PreventionEvents,
  type PreventionRpc,
  type Principal,
  type RpcInput,
} from '@sinergi/contracts';
import { assertWritableRegion, conflict, Outbox, RegionDirectory, unprocessable } from '@sinergi/runtime';
import { BersinarVillageRecord } from './bersinar-village.entity.js';
import { designationProblem } from './bersinar-village.rules.js';
import { toBersinarVillage } from './bersinar-village.mapper.js';

@Injectable()
export class DesignateBersinarVillageUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(
    input: RpcInput<typeof PreventionRpc.designateBersinarVillage>,
    principal: Principal,
  ): Promise<BersinarVillage> {
    if (!this.regions.has(input.regionCode))
      throw unprocessable('regionCode', `${input.regionCode} is not a known village`);
    assertWritableRegion(principal, input.regionCode);
    const existing = await this.em.findOne(BersinarVillageRecord, { regionCode: input.regionCode });
    const problem = designationProblem(existing ?? undefined, input.regionCode);
    if (problem) throw conflict(problem, { existingId: existing?.id });
    try {
      return await this.em.transactional(async (tx) => {
        const record = tx.create(BersinarVillageRecord, {
          id: randomUUID(),
          regionCode: input.regionCode,
          designatedOn: input.designatedOn,
          status: input.status,
          createdAt: new Date(),
        });
        this.outbox.record(tx, PreventionEvents.bersinarVillageDesignated, {
          regionCode: record.regionCode,
          payload: {
            villageId: record.id,
            regionCode: record.regionCode,
            designatedOn: record.designatedOn,
            status: record.status,
          },
        });
        return toBersinarVillage(record);
      });
    } catch (error) {
      // A designation racing this one won the unique index: same answer as the check above.
      if (error instanceof UniqueConstraintViolationException) {
        throw conflict(`village ${input.regionCode} was already designated Bersinar`);
      }
      throw error;
    }
  }
}
