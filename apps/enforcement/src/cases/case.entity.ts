import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { CASE_AGENCIES, CaseStage } from '@sinergi/contracts';

export type CaseAgency = (typeof CASE_AGENCIES)[number];

/** A narcotics case (perkara) opened by BNN or the police, moving forward through its stages. */
@Entity({ tableName: 'narcotics_case' })
@Index({ properties: ['regionCode', 'createdAt'] })
export class CaseRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  agency!: CaseAgency;

  @Property({ type: 'date' })
  openedOn!: string;

  /** The agency's own case number (e.g. a police report number), when given. */
  @Property({ type: 'text', nullable: true })
  reference?: string | null;

  @Property({ type: 'text' })
  stage!: CaseStage;

  /** When the case entered its current stage: a later change cannot be dated before it. */
  @Property({ type: 'date' })
  stageChangedOn!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
