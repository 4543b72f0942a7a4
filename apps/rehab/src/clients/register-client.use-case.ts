import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  type Client,
  isWithinRegion,
  type Principal,
  RehabEvents,
  type RehabRpc,
  type RpcInput,
  todayInJakarta,
} from '@sinergi/contracts';
import { assertKnownRegion, assertWritableRegion, conflict, Outbox, RegionDirectory } from '@sinergi/runtime';
import { IdentityAuditRecord } from '../audit/identity-audit.entity.js';
import { ClientRecord } from './client.entity.js';
import { ageBand, ageOn } from './client.rules.js';
import { IdentityCipher } from './identity-cipher.js';
import { toClient } from './client.mapper.js';

/** The purpose the identity audit records for the duplicate check at registration. */
export const NIK_LOOKUP_PURPOSE = 'NIK duplicate check at registration';

@Injectable()
export class RegisterClientUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
    @Inject(IdentityCipher) private readonly cipher: IdentityCipher,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.registerClient>, principal: Principal): Promise<Client> {
    assertKnownRegion(this.regions, input.regionCode);
    assertWritableRegion(principal, input.regionCode);
    const nikHash = input.identity.nik ? this.cipher.nikHash(input.identity.nik) : null;
    if (nikHash) await this.refuseDuplicate(nikHash, principal);
    return this.em.transactional(async (tx) => {
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

  /**
   * A NIK already registered where the caller can see it is a 409 naming that client, so the
   * officer continues with it. Registered only outside the caller's region, it is not mentioned at
   * all: the answer would tell an officer that a person is treated elsewhere. Either way the
   * lookup is audited against every client it found, committed before the answer.
   */
  private async refuseDuplicate(nikHash: string, principal: Principal): Promise<void> {
    const holders = await this.em.fork().transactional(async (tx) => {
      const found = await tx.find(ClientRecord, { nikHash }, { fields: ['id', 'regionCode'] });
      for (const holder of found) {
        tx.create(IdentityAuditRecord, {
          id: randomUUID(),
          clientId: holder.id,
          regionCode: holder.regionCode,
          sub: principal.sub,
          agency: principal.agency,
          purpose: NIK_LOOKUP_PURPOSE,
          readAt: new Date(),
        });
      }
      return found;
    });
    const visible = holders.find((holder) => isWithinRegion(holder.regionCode, principal.region));
    if (visible) throw conflict('a client with this NIK is already registered', { existingClientId: visible.id });
  }
}
