import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { AgeBand, Sex, SuspectRole, SuspectStatus } from '@sinergi/contracts';

/** A suspect of a case under a pseudonymous id: no name or identity number is ever stored here. */
@Entity({ tableName: 'suspect' })
export class SuspectRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  caseId!: string;

  /** The case's region, copied so scope checks need no join. */
  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  role!: SuspectRole;

  @Property({ type: 'text' })
  sex!: Sex;

  @Property({ type: 'integer' })
  age!: number;

  @Property({ type: 'text' })
  ageBand!: AgeBand;

  @Property({ type: 'text' })
  nationality!: string;

  @Property({ type: 'text' })
  status!: SuspectStatus;

  @Property({ type: 'boolean' })
  assessmentEligible!: boolean;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
