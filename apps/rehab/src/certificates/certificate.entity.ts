import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { CERTIFICATE_PURPOSES, CERTIFICATE_RESULTS } from '@sinergi/contracts';

export type CertificatePurpose = (typeof CERTIFICATE_PURPOSES)[number];
export type CertificateResult = (typeof CERTIFICATE_RESULTS)[number];

/** An SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika): a drug-test certificate a facility issued. */
@Entity({ tableName: 'certificate' })
@Index({ properties: ['regionCode', 'createdAt'] })
export class CertificateRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  facilityId!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'date' })
  issuedOn!: string;

  @Property({ type: 'text' })
  purpose!: CertificatePurpose;

  @Property({ type: 'text' })
  result!: CertificateResult;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
