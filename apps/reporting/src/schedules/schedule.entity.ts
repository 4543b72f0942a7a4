import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A scheduled report run: monthly, quarterly or annual coordination reports for chosen levels. */
@Entity({ tableName: 'schedule' })
export class ScheduleRecord {
  @PrimaryKey({ type: 'text' })
  name!: 'monthly' | 'quarterly' | 'annual';

  @Property({ type: 'text' })
  cron!: string;

  @Property({ type: 'text' })
  timeZone!: string;

  @Property({ type: 'json' })
  levels!: Array<'national' | 'province' | 'regency'>;

  @Property({ type: 'boolean' })
  enabled!: boolean;

  @Property({ type: 'timestamptz' })
  since!: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
