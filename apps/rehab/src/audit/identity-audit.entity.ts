import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** One read of a client's identity: who, for which agency, when, which client and why. */
@Entity({ tableName: 'identity_audit' })
@Index({ properties: ['readAt', 'id'] })
@Index({ properties: ['clientId', 'readAt'] })
export class IdentityAuditRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  clientId!: string;

  /** The client's region: the audit is scoped like the data it protects. */
  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  sub!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'text' })
  purpose!: string;

  @Property({ type: 'timestamptz' })
  readAt!: Date;
}
