import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { DischargeOutcome, PROGRAMS, REFERRAL_SOURCES, Substance } from '@sinergi/contracts';

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

  /** One integrated assessment admits at most one episode; the index holds that under concurrency. */
  @Property({ type: 'uuid', nullable: true })
  @Unique()
  assessmentId?: string | null;

  @Property({ type: 'text' })
  status!: AdmissionStatus;

  @Property({ type: 'text', nullable: true })
  outcome?: DischargeOutcome | null;

  @Property({ type: 'date', nullable: true })
  dischargedOn?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
