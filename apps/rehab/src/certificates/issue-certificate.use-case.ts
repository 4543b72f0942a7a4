import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Certificate, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import {
  assertKnownRegion,
  assertWritableRegion,
  loadVisible,
  Outbox,
  RegionDirectory,
  unprocessable,
} from '@sinergi/runtime';
import { FacilityRecord } from '../facilities/facility.entity.js';
import { CertificateRecord } from './certificate.entity.js';
import { certificateRegionProblem } from './certificate.rules.js';
import { toCertificate } from './certificate.mapper.js';

@Injectable()
export class IssueCertificateUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.issueCertificate>, principal: Principal): Promise<Certificate> {
    assertKnownRegion(this.regions, input.regionCode);
    return this.em.transactional(async (tx) => {
      const facility = await loadVisible(tx, FacilityRecord, input.facilityId, 'facility', principal, { lock: 'none' });
      assertWritableRegion(principal, input.regionCode);
      const problem = certificateRegionProblem(facility.regionCode, input.regionCode);
      if (problem) throw unprocessable('regionCode', problem);

      const record = tx.create(CertificateRecord, { id: randomUUID(), ...input, createdAt: new Date() });
      this.outbox.record(tx, RehabEvents.certificateIssued, {
        regionCode: record.regionCode,
        payload: {
          certificateId: record.id,
          facilityId: record.facilityId,
          issuedOn: record.issuedOn,
          purpose: record.purpose,
          result: record.result,
        },
      });
      return toCertificate(record);
    });
  }
}
