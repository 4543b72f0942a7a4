import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { RISK_LEVELS } from '@sinergi/contracts';

export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * A vulnerable area (kawasan rawan): a named place in a village, e.g. Kampung Ambon in Kedaung
 * Kali Angke. Its risk level and date are the current assessment's, kept here so lists need no join.
 */
@Entity({ tableName: 'vulnerable_area' })
@Index({ properties: ['regionCode', 'createdAt'] })
@Unique({ properties: ['regionCode', 'nameKey'] })
export class VulnerableAreaRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  name!: string;

  /** The name folded for uniqueness: one "Kampung Ambon" per village, however it is typed. */
  @Property({ type: 'text' })
  nameKey!: string;

  @Property({ type: 'text' })
  riskLevel!: RiskLevel;

  @Property({ type: 'date' })
  assessedOn!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

/** One grading of an area; the history is kept so risk over time can be shown. */
@Entity({ tableName: 'risk_assessment' })
@Index({ properties: ['areaId', 'assessedOn'] })
export class RiskAssessmentRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  areaId!: string;

  @Property({ type: 'text' })
  riskLevel!: RiskLevel;

  @Property({ type: 'date' })
  assessedOn!: string;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;
}
