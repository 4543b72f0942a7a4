import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { PROGRAMS, REFERRAL_SOURCES, Substance } from '@sinergi/contracts';

export type Program = (typeof PROGRAMS)[number];
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
export type AdmissionStatus = 'open' | 'discharged';

/** One episode of treatment (rawat jalan = outpatient, rawat inap = inpatient). */
@Entity({ tableName: 'admission' })
@Index({ properties: ['clientId', 'status'] })
export class AdmissionRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  clientId!: string;

  @Property({ type: 'uuid' })
  facilityId!: string;

  /** The facility's region: where the treatment happens. */
  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  program!: Program;

  @Property({ type: 'text' })
  source!: ReferralSource;

  @Property({ type: 'text' })
  primarySubstance!: Substance;

  @Property({ type: 'date' })
  admittedOn!: string;

  @Property({ type: 'uuid', nullable: true })
  assessmentId?: string | null;

  @Property({ type: 'text' })
  status!: AdmissionStatus;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
