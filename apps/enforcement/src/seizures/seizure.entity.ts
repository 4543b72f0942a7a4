import { Check, Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { SeizureUnit, Substance } from '@sinergi/contracts';

/** Seized evidence (barang bukti) of a case, or of one suspect when suspectId is set. */
@Entity({ tableName: 'seizure' })
@Index({ properties: ['suspectId'] })
@Check({ name: 'seizure_quantity_positive', expression: 'quantity > 0' })
export class SeizureRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Index()
  caseId!: string;

  @Property({ type: 'uuid', nullable: true })
  suspectId?: string | null;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  substance!: Substance;

  /** numeric, read and written as a string: 307.527 g must never pass through a float. */
  @Property({ type: 'decimal', columnType: 'numeric(24,6)', precision: 24, scale: 6 })
  quantity!: string;

  @Property({ type: 'text' })
  unit!: SeizureUnit;

  @Property({ type: 'date' })
  seizedOn!: string;

  @Property({ type: 'boolean' })
  withinOneDayUse!: boolean;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
