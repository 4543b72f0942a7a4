import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { EnforcementRpc, Principal, RpcInput, Suspect } from '@sinergi/contracts';
import { loadVisible } from '@sinergi/runtime';
import { SuspectRecord } from './suspect.entity.js';
import { toSuspect } from './suspect.mapper.js';

@Injectable()
export class GetSuspectUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof EnforcementRpc.getSuspect>, principal: Principal): Promise<Suspect> {
    const record = await loadVisible(this.em, SuspectRecord, input.id, 'suspect', principal, { lock: 'none' });
    return toSuspect(record);
  }
}
