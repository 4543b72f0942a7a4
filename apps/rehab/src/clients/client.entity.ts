import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { AgeBand, Sex } from '@sinergi/contracts';

/** A client under a pseudonymous id. Identity is sealed (AES-256-GCM); age band and sex stay clear for reporting. */
@Entity({ tableName: 'client' })
export class ClientRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Index()
  regionCode!: string;

  @Property({ type: 'text' })
  sex!: Sex;

  @Property({ type: 'text' })
  ageBand!: AgeBand;

  @Property({ type: 'text' })
  identityKeyId!: string;

  @Property({ type: 'text' })
  identityCiphertext!: string;

  /** HMAC of the NIK under NIK_HASH_KEY; null when no NIK was given. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  nikHash?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
