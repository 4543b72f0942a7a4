import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  type Client,
  type Principal,
  RehabEvents,
  type RehabRpc,
  type RpcInput,
  todayInJakarta,
} from '@sinergi/contracts';
import { assertWritableRegion, conflict, Outbox, RegionDirectory, unprocessable } from '@sinergi/runtime';
import { ClientRecord } from './client.entity.js';
import { ageBand, ageOn } from './client.rules.js';
import { IdentityCipher } from './identity-cipher.js';

export function toClient(record: ClientRecord): Client {
  return {
    id: record.id,
    ageBand: record.ageBand,
    sex: record.sex,
    regionCode: record.regionCode,
    createdAt: record.createdAt.toISOString(),
  };
}

@Injectable()
export class RegisterClientUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
    @Inject(IdentityCipher) private readonly cipher: IdentityCipher,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.registerClient>, principal: Principal): Promise<Client> {
    if (!this.regions.has(input.regionCode))
      throw unprocessable('regionCode', `${input.regionCode} is not a known region`);
    assertWritableRegion(principal, input.regionCode);
    const nikHash = input.identity.nik ? this.cipher.nikHash(input.identity.nik) : null;
    return this.em.transactional(async (tx) => {
      if (nikHash) {
        const existing = await tx.findOne(ClientRecord, { nikHash }, { fields: ['id'] });
        // The existing id is returned so the officer can continue with that client; no identity is echoed.
        if (existing) throw conflict('a client with this NIK is already registered', { existingClientId: existing.id });
      }
      const id = randomUUID();
      const sealed = this.cipher.seal(input.identity, id);
      const record = tx.create(ClientRecord, {
        id,
        regionCode: input.regionCode,
        sex: input.sex,
        ageBand: ageBand(ageOn(input.identity.birthDate, todayInJakarta())),
        identityKeyId: sealed.keyId,
        identityCiphertext: sealed.ciphertext,
        nikHash,
        createdAt: new Date(),
      });
      this.outbox.record(tx, RehabEvents.clientRegistered, {
        regionCode: record.regionCode,
        payload: { clientId: record.id, regionCode: record.regionCode, ageBand: record.ageBand, sex: record.sex },
      });
      return toClient(record);
    });
  }
}
