import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Principal, RehabRpc, RpcInput } from '@sinergi/contracts';
import { dateRange, findRegionPage, toPage } from '@sinergi/runtime';
import { CertificateRecord } from './certificate.entity.js';
import { toCertificate } from './certificate.mapper.js';

@Injectable()
export class ListCertificatesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listCertificates>, principal: Principal) {
    const rows = await findRegionPage(
      this.em,
      CertificateRecord,
      principal,
      input,
      { facilityId: input.facilityId, result: input.result },
      dateRange('issuedOn', input.from, input.to),
    );
    return toPage(rows, input.limit, toCertificate);
  }
}
