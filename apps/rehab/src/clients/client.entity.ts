import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { AgeBand, Sex } from '@sinergi/contracts';

/** A client under a pseudonymous id. Identity is sealed (AES-256-GCM); age band and sex stay clear for reporting. */
@Entity({ tableName: 'client' })
// One client per NIK within a region: an officer who cannot see another region's client must not
// learn from a refusal that the person is treated there (docs/security.md).
@Unique({ properties: ['nikHash', 'regionCode'] })
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
  @Index()
  nikHash?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
