import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { FollowUpStatus } from '@sinergi/contracts';

/** Pascarehabilitasi: the aftercare of one completed admission. */
@Entity({ tableName: 'aftercare' })
@Index({ properties: ['regionCode', 'createdAt'] })
export class AftercareRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Unique()
  admissionId!: string;

  @Property({ type: 'uuid' })
  clientId!: string;

  /** The region of the facility that discharged the client. */
  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'date' })
  startedOn!: string;

  @Property({ type: 'date' })
  dischargedOn!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ tableName: 'follow_up' })
@Index({ properties: ['aftercareId', 'date'] })
export class FollowUpRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  aftercareId!: string;

  @Property({ type: 'uuid' })
  clientId!: string;

  @Property({ type: 'date' })
  date!: string;

  @Property({ type: 'text' })
  status!: FollowUpStatus;

  @Property({ type: 'boolean', nullable: true })
  employed?: boolean | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
