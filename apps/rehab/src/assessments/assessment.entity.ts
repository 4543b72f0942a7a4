import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { AgeBand, Sex, TatRecommendation } from '@sinergi/contracts';

export type AssessmentStatus = 'pending' | 'completed';

/**
 * An integrated assessment (asesmen terpadu) enforcement asked for. Its id is enforcement's
 * assessment id, so a redelivered request lands on the same row. `notes` never leave rehab.
 */
@Entity({ tableName: 'assessment' })
@Index({ properties: ['status', 'createdAt'] })
@Index({ properties: ['regionCode', 'createdAt'] })
@Index({ properties: ['status', 'dueOn'] })
export class AssessmentRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  caseId!: string;

  @Property({ type: 'uuid' })
  suspectId!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'date' })
  requestedOn!: string;

  @Property({ type: 'date' })
  dueOn!: string;

  @Property({ type: 'text' })
  sex!: Sex;

  @Property({ type: 'text' })
  ageBand!: AgeBand;

  @Property({ type: 'boolean' })
  assessmentEligible!: boolean;

  @Property({ type: 'text' })
  status!: AssessmentStatus;

  @Property({ type: 'text', nullable: true })
  recommendation?: TatRecommendation | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  /**
   * When the overdue sweep raised rehab.assessment.overdue.v1 for this assessment, in the same
   * transaction as the event's outbox row: set once, so the event is raised at most once.
   */
  @Property({ type: 'timestamptz', nullable: true })
  overdueNotifiedAt?: Date | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
