import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { type ClientDetail, mayReadIdentity, type Principal, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import { invalid, loadVisible } from '@sinergi/runtime';
import { IdentityAuditRecord } from '../audit/identity-audit.entity.js';
import { ClientRecord } from './client.entity.js';
import { IdentityCipher } from './identity-cipher.js';
import { toClient } from './client.mapper.js';

/**
 * A client as the caller may see it. A rehab officer in scope gets the identity, and only after
 * the audit row of that read is committed; everyone else — including anyone who also holds an
 * enforcement role, or whose agency does not treat — gets the pseudonymous record.
 */
@Injectable()
export class GetClientUseCase {
  constructor(
    private readonly em: EntityManager,
    @Inject(IdentityCipher) private readonly cipher: IdentityCipher,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.getClient>, principal: Principal): Promise<ClientDetail> {
    const client = await loadVisible(this.em, ClientRecord, input.id, 'client', principal, { lock: 'none' });
    if (!mayReadIdentity(principal)) return toClient(client);

    const purpose = input.purpose;
    if (!purpose) throw invalid('X-Purpose', 'the header is required to read a client identity: say why');
    await this.em.transactional(async (tx) => {
      tx.create(IdentityAuditRecord, {
        id: randomUUID(),
        clientId: client.id,
        regionCode: client.regionCode,
        sub: principal.sub,
        agency: principal.agency,
        purpose,
        readAt: new Date(),
      });
    });
    const identity = this.cipher.open(
      { keyId: client.identityKeyId, ciphertext: client.identityCiphertext },
      client.id,
    );
    return { ...toClient(client), identity };
  }
}
