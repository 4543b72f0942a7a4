import { Check, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** Occupancy of one prison (lapas/rutan) on one date; one snapshot per facility and date. */
@Entity({ tableName: 'prison_snapshot' })
@Unique({ properties: ['regionCode', 'facilityName', 'snapshotOn'] })
@Check({
  name: 'prison_snapshot_narcotics_within_occupancy',
  expression: 'narcotics_inmates >= 0 and narcotics_inmates <= occupancy',
})
export class PrisonSnapshotRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  facilityName!: string;

  @Property({ type: 'date' })
  snapshotOn!: string;

  @Property({ type: 'integer' })
  capacity!: number;

  @Property({ type: 'integer' })
  occupancy!: number;

  @Property({ type: 'integer' })
  narcoticsInmates!: number;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
