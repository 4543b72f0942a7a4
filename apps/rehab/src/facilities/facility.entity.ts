import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { FACILITY_KINDS } from '@sinergi/contracts';

export type FacilityKind = (typeof FACILITY_KINDS)[number];

/** A place that rehabilitates: BNN clinic, puskesmas, hospital, IBM community unit, social rehab. */
@Entity({ tableName: 'facility' })
@Index({ properties: ['regionCode', 'createdAt'] })
export class FacilityRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  kind!: FacilityKind;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
