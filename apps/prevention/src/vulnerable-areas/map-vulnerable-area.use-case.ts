import { randomUUID } from 'node:crypto';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  PreventionEvents,
  type PreventionRpc,
  type Principal,
  type RpcInput,
  type VulnerableArea,
} from '@sinergi/contracts';
import { assertWritableRegion, conflict, Outbox, RegionDirectory, unprocessable } from '@sinergi/runtime';
import { RiskAssessmentRecord, VulnerableAreaRecord } from './vulnerable-area.entity.js';
import { areaNameKey } from './vulnerable-area.rules.js';
import { toVulnerableArea } from './vulnerable-area.mapper.js';

@Injectable()
export class MapVulnerableAreaUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(
    input: RpcInput<typeof PreventionRpc.mapVulnerableArea>,
    principal: Principal,
  ): Promise<VulnerableArea> {
    if (!this.regions.has(input.regionCode))
      throw unprocessable('regionCode', `${input.regionCode} is not a known village`);
    assertWritableRegion(principal, input.regionCode);
    const nameKey = areaNameKey(input.name);
    const duplicate = (id?: string) =>
      conflict(`${input.name} is already mapped in village ${input.regionCode}`, id ? { existingId: id } : undefined);
    const existing = await this.em.findOne(VulnerableAreaRecord, { regionCode: input.regionCode, nameKey });
    if (existing) throw duplicate(existing.id);
    try {
      return await this.em.transactional(async (tx) => {
        const now = new Date();
        const area = tx.create(VulnerableAreaRecord, {
          id: randomUUID(),
          regionCode: input.regionCode,
          name: input.name,
          nameKey,
          riskLevel: input.riskLevel,
          assessedOn: input.assessedOn,
          createdAt: now,
        });
        tx.create(RiskAssessmentRecord, {
          id: randomUUID(),
          areaId: area.id,
          riskLevel: input.riskLevel,
          assessedOn: input.assessedOn,
          recordedAt: now,
        });
        this.outbox.record(tx, PreventionEvents.vulnerableAreaMapped, {
          regionCode: area.regionCode,
          payload: {
            areaId: area.id,
            regionCode: area.regionCode,
            name: area.name,
            riskLevel: area.riskLevel,
            assessedOn: area.assessedOn,
          },
        });
        return toVulnerableArea(area);
      });
    } catch (error) {
      // Two officers mapping the same place at once: the unique index lets one through.
      if (error instanceof UniqueConstraintViolationException) throw duplicate();
      throw error;
    }
  }
}
