import { Check, Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { OPERATION_KINDS, VENUE_TYPES } from '@sinergi/contracts';

export type OperationKind = (typeof OPERATION_KINDS)[number];
export type VenueType = (typeof VENUE_TYPES)[number];

/** A raid, patrol or checkpoint, with how many people were urine-tested and how many were positive. */
@Entity({ tableName: 'operation' })
@Index({ properties: ['regionCode', 'conductedOn'] })
// The contract refuses these first; the database keeps them true whatever writes it.
@Check({ name: 'operation_positives_within_tested', expression: 'positives >= 0 and positives <= people_tested' })
export class OperationRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  kind!: OperationKind;

  @Property({ type: 'text', nullable: true })
  venueType?: VenueType | null;

  @Property({ type: 'date' })
  conductedOn!: string;

  @Property({ type: 'integer' })
  peopleTested!: number;

  @Property({ type: 'integer' })
  positives!: number;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
