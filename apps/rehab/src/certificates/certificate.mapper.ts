import type { Certificate } from '@sinergi/contracts';
import { CertificateRecord } from './certificate.entity.js';

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
