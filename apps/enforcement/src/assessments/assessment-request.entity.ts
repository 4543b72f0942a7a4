import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { Recommendation } from '@sinergi/contracts';

export type AssessmentStatus = 'pending' | 'completed';

/**
 * An integrated-assessment (asesmen terpadu) request to the TAT. Its id is the assessmentId
 * rehab answers with; enforcement keeps only the recommendation, never clinical detail.
 */
@Entity({ tableName: 'assessment_request' })
@Index({ properties: ['regionCode', 'createdAt'] })
@Index({ properties: ['status', 'dueOn'] })
export class AssessmentRequestRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  caseId!: string;

  /** One request per suspect: a second request is refused, and the database agrees. */
  @Property({ type: 'uuid' })
  @Unique()
  suspectId!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'date' })
  requestedOn!: string;

  @Property({ type: 'date' })
  dueOn!: string;

  @Property({ type: 'text' })
  status!: AssessmentStatus;

  @Property({ type: 'text', nullable: true })
  recommendation?: Recommendation | null;

  @Property({ type: 'date', nullable: true })
  decidedOn?: string | null;

  /** The day rehab's notice arrived that the request passed its due date undecided (rehab.assessment.overdue.v1). */
  @Property({ type: 'date', nullable: true })
  overdueNotifiedOn?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
