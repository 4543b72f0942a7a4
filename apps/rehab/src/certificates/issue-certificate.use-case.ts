import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Certificate, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import {
  assertVisible,
  assertWritableRegion,
  notFound,
  Outbox,
  RegionDirectory,
  unprocessable,
} from '@sinergi/runtime';
import { FacilityRecord } from '../facilities/facility.entity.js';
import { CertificateRecord } from './certificate.entity.js';
import { certificateRegionProblem } from './certificate.rules.js';

export function toCertificate(record: CertificateRecord): Certificate {
  return {
    id: record.id,
    facilityId: record.facilityId,
    regionCode: record.regionCode,
    issuedOn: record.issuedOn,
    purpose: record.purpose,
    result: record.result,
    createdAt: record.createdAt.toISOString(),
  };
}

@Injectable()
export class IssueCertificateUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.issueCertificate>, principal: Principal): Promise<Certificate> {
    if (!this.regions.has(input.regionCode))
      throw unprocessable('regionCode', `${input.regionCode} is not a known region`);
    return this.em.transactional(async (tx) => {
      const facility = await tx.findOne(FacilityRecord, { id: input.facilityId });
      if (!facility) throw notFound('facility', input.facilityId);
      assertVisible(principal, facility.regionCode, 'facility', input.facilityId);
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
