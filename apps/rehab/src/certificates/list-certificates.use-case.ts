import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Certificate, Principal, RehabRpc, RpcInput } from '@sinergi/contracts';
import { afterCursor, scopedRegion, toPage, withinRegion } from '@sinergi/runtime';
import { CertificateRecord } from './certificate.entity.js';
import { toCertificate } from './certificate.mapper.js';

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
          withinRegion(region),
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
