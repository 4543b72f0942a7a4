import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { TRAINING_SECTORS } from '@sinergi/contracts';

export type TrainingSector = (typeof TRAINING_SECTORS)[number];

/** A training of P4GN activists (penggiat): how many were trained, and from which sector. */
@Entity({ tableName: 'training' })
@Index({ properties: ['regionCode', 'createdAt'] })
export class TrainingRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'date' })
  on!: string;

  @Property({ type: 'integer' })
  trained!: number;

  @Property({ type: 'text' })
  sector!: TrainingSector;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
