import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A yearly target a planner sets for one region and indicator ("100 outpatient clients in 2024"). */
@Entity({ tableName: 'target' })
export class Target {
  @PrimaryKey({ type: 'text' })
  regionCode!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @PrimaryKey({ type: 'text' })
  indicator!: string;

  @Property({ type: 'numeric', precision: 20, scale: 4 })
  target!: string;

  @Property({ type: 'text' })
  setBy!: string;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
