import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * State the coordination indicators need beyond counts: who asked, who answered and when, who
 * was admitted, discharged and followed up, which villages were reached by which agency. Every
 * table carries its region's roll-up columns, so one filter serves every level.
 */
abstract class Located {
  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  provinceCode!: string;

  @Property({ type: 'text', nullable: true })
  regencyCode?: string | null;

  @Property({ type: 'text', nullable: true })
  districtCode?: string | null;
}

/** An integrated assessment: requested by enforcement, decided by the TAT through rehab. */
@Entity({ tableName: 'assessment' })
@Index({ properties: ['referralRef'] })
export class AssessmentProjection extends Located {
  @PrimaryKey({ type: 'uuid' })
  assessmentId!: string;

  /** The keyed reference rehab's admissions carry instead of the id (packages/runtime/src/referral.ts). */
  @Property({ type: 'text', nullable: true })
  referralRef?: string | null;

  @Property({ type: 'date', nullable: true })
  requestedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  @Property({ type: 'text', nullable: true })
  recommendation?: string | null;
}

/** One treatment episode: admission, and its discharge once it comes. */
@Entity({ tableName: 'rehab_episode' })
@Index({ properties: ['referralRef'] })
@Index({ properties: ['clientId'] })
export class RehabEpisode extends Located {
  @PrimaryKey({ type: 'uuid' })
  admissionId!: string;

  @Property({ type: 'uuid' })
  clientId!: string;

  @Property({ type: 'date' })
  admittedOn!: string;

  /** Known from the admission; a discharge alone does not carry it. */
  @Property({ type: 'text', nullable: true })
  facilityKind?: string | null;

  /** Set for a TAT referral: matches its assessment's referralRef, never names the assessment. */
  @Property({ type: 'text', nullable: true })
  referralRef?: string | null;

  @Property({ type: 'text', nullable: true })
  outcome?: string | null;

  @Property({ type: 'date', nullable: true })
  dischargedOn?: string | null;
}

/** Aftercare (pascarehabilitasi) of a client after a completed episode. */
@Entity({ tableName: 'aftercare' })
export class AftercareProjection extends Located {
  @PrimaryKey({ type: 'uuid' })
  aftercareId!: string;

  @Property({ type: 'uuid' })
  clientId!: string;

  @Property({ type: 'date' })
  startedOn!: string;
}

@Entity({ tableName: 'follow_up' })
@Index({ properties: ['clientId', 'date'] })
export class FollowUpProjection {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'uuid' })
  clientId!: string;

  @Property({ type: 'uuid', nullable: true })
  aftercareId?: string | null;

  @Property({ type: 'date' })
  date!: string;

  /** Whether the client was working at the follow-up, where the officer asked (social reintegration). */
  @Property({ type: 'boolean', nullable: true })
  employed?: boolean | null;
}

/** A vulnerable area (kawasan rawan) and when it was mapped. */
@Entity({ tableName: 'vulnerable_area' })
export class VulnerableAreaProjection extends Located {
  @PrimaryKey({ type: 'uuid' })
  areaId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'date' })
  mappedOn!: string;
}

/** Every risk grading of an area; the latest one on or before a date is its level then. */
@Entity({ tableName: 'vulnerable_area_level' })
@Index({ properties: ['areaId', 'assessedOn'] })
export class VulnerableAreaLevel {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'uuid' })
  areaId!: string;

  @Property({ type: 'date' })
  assessedOn!: string;

  @Property({ type: 'text' })
  level!: string;
}

/**
 * Something an agency did in a village: a prevention activity, rehab IBM work, an enforcement
 * operation. `agency` is the institution that acted (BNN, POLRI, PEMDA, KEMENKES), `service` the
 * kind of work; an event from before events named their agency gives its service as both.
 */
@Entity({ tableName: 'intervention' })
@Index({ properties: ['villageCode', 'on'] })
export class Intervention {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  villageCode!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'text' })
  service!: 'prevention' | 'rehab' | 'enforcement';

  @Property({ type: 'date' })
  on!: string;

  /** A standing presence (an IBM unit formed in the village) counts from `on` onward, not only that day. */
  @Property({ type: 'boolean' })
  standing!: boolean;
}

@Entity({ tableName: 'prison_snapshot' })
export class PrisonSnapshotProjection extends Located {
  @PrimaryKey({ type: 'uuid' })
  snapshotId!: string;

  @Property({ type: 'text' })
  facilityName!: string;

  @Property({ type: 'date' })
  on!: string;

  @Property({ type: 'integer' })
  capacity!: number;

  @Property({ type: 'integer' })
  occupancy!: number;

  @Property({ type: 'integer' })
  narcoticsInmates!: number;
}

/** Cases, so that suspects (whose events carry no date) count in the period their case opened. */
@Entity({ tableName: 'case_ref' })
export class CaseRef extends Located {
  @PrimaryKey({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'date' })
  openedOn!: string;
}

/**
 * A unit expected to report every month: a rehab facility (from its registration), or an area's
 * prevention work (from its first activity). What it recorded is in `unit_record`; completeness
 * reads the two (indicators/completeness.ts).
 */
@Entity({ tableName: 'reporting_unit' })
export class ReportingUnit extends Located {
  @PrimaryKey({ type: 'uuid' })
  unitId!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'date' })
  registeredOn!: string;
}

/** One record a unit made (an admission, a certificate), by the month it is for and when it was recorded. */
@Entity({ tableName: 'unit_record' })
@Index({ properties: ['unitId', 'month'] })
export class UnitRecord {
  @PrimaryKey({ type: 'text' })
  recordId!: string;

  @Property({ type: 'uuid' })
  unitId!: string;

  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;
}

/**
 * A suspect and where their case took them (coordination.suspect_outcomes): their role, their
 * case, and the integrated assessment asked for them, if any. Filled from the suspect's and the
 * request's events, so every column but the key may arrive later.
 */
@Entity({ tableName: 'suspect_outcome' })
export class SuspectOutcome extends Located {
  @PrimaryKey({ type: 'uuid' })
  suspectId!: string;

  @Property({ type: 'uuid', nullable: true })
  caseId?: string | null;

  @Property({ type: 'text', nullable: true })
  role?: string | null;

  @Property({ type: 'uuid', nullable: true })
  assessmentId?: string | null;
}

/** The day a case reached the court: its move to prosecution (stages only move forward). */
@Entity({ tableName: 'case_court' })
export class CaseCourt {
  @PrimaryKey({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'date' })
  courtOn!: string;
}

export const COORDINATION_ENTITIES = [
  SuspectOutcome,
  CaseCourt,
  ReportingUnit,
  UnitRecord,
  AssessmentProjection,
  RehabEpisode,
  AftercareProjection,
  FollowUpProjection,
  VulnerableAreaProjection,
  VulnerableAreaLevel,
  Intervention,
  PrisonSnapshotProjection,
  CaseRef,
];
