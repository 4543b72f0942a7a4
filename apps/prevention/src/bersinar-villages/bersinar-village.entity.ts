import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { BERSINAR_STATUSES } from '@sinergi/contracts';

export type BersinarStatus = (typeof BERSINAR_STATUSES)[number];

/** A village in the Desa/Kelurahan Bersinar (Bersih Narkoba, drug-free) programme. */
@Entity({ tableName: 'bersinar_village' })
@Index({ properties: ['createdAt'] })
export class BersinarVillageRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** A village is designated once: the unique index settles two racing designations. */
  @Unique()
  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'date' })
  designatedOn!: string;

  @Property({ type: 'text' })
  status!: BersinarStatus;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
