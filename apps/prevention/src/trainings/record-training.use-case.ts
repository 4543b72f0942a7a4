import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PreventionEvents, type PreventionRpc, type Principal, type RpcInput, type Training } from '@sinergi/contracts';
import { assertKnownRegion, assertWritableRegion, Outbox, RegionDirectory, unprocessable } from '@sinergi/runtime';
import { TrainingRecord } from './training.entity.js';
import { trainingRegionProblem } from './training.rules.js';
import { toTraining } from './training.mapper.js';

@Injectable()
export class RecordTrainingUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof PreventionRpc.recordTraining>, principal: Principal): Promise<Training> {
    assertKnownRegion(this.regions, input.regionCode);
    const problem = trainingRegionProblem(input.regionCode);
    if (problem) throw unprocessable('regionCode', problem);
    assertWritableRegion(principal, input.regionCode);
    return this.em.transactional(async (tx) => {
      const record = tx.create(TrainingRecord, { id: randomUUID(), ...input, createdAt: new Date() });
      this.outbox.record(tx, PreventionEvents.trainingHeld, {
        regionCode: record.regionCode,
        payload: {
          trainingId: record.id,
          regionCode: record.regionCode,
          on: record.on,
          trained: record.trained,
          sector: record.sector,
        },
      });
      return toTraining(record);
    });
  }
}
