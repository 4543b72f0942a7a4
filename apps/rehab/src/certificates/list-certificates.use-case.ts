import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Certificate, Principal, RehabRpc, RpcInput } from '@sinergi/contracts';
import { scopedRegion, toPage } from '@sinergi/runtime';
import { afterCursor, inRegion } from '../queries.js';
import { CertificateRecord } from './certificate.entity.js';
import { toCertificate } from './issue-certificate.use-case.js';

@Injectable()
export class ListCertificatesUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listCertificates>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const issuedOn = {
      ...(input.from ? { $gte: input.from } : {}),
      ...(input.to ? { $lte: input.to } : {}),
    };
    const rows = await this.em.find(
      CertificateRecord,
      {
        $and: [
          inRegion(region),
          afterCursor(input.cursor),
          input.facilityId ? { facilityId: input.facilityId } : {},
          input.result ? { result: input.result } : {},
          input.from || input.to ? { issuedOn } : {},
        ],
      },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage<CertificateRecord, Certificate>(rows, input.limit, toCertificate);
  }
}
