import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One countable thing that happened somewhere on some day, projected from a domain event.
 * The region's ancestors are stored beside it, so any roll-up is an equality filter.
 */
@Entity({ tableName: 'fact' })
@Index({ properties: ['indicator', 'provinceCode', 'occurredOn'] })
@Index({ properties: ['indicator', 'regencyCode', 'occurredOn'] })
@Index({ properties: ['indicator', 'districtCode', 'occurredOn'] })
@Index({ properties: ['indicator', 'regionCode', 'occurredOn'] })
export class Fact {
  /** The id of what was counted (an admission id, ...), so a replay overwrites, never adds. */
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  indicator!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  provinceCode!: string;

  @Property({ type: 'text', nullable: true })
  regencyCode?: string | null;

  @Property({ type: 'text', nullable: true })
  districtCode?: string | null;

  @Property({ type: 'date' })
  occurredOn!: string;

  @Property({ type: 'numeric', precision: 20, scale: 4 })
  value!: string;

  /** Breakdown dimensions, e.g. `{ program: 'outpatient', sex: 'female' }`. */
  @Property({ type: 'json' })
  dims!: Record<string, string>;

  /** The event that wrote this version of the fact. */
  @Property({ type: 'uuid' })
  eventId!: string;

  /** Its stream sequence: an older event never overwrites a newer fact (replicas, replays). */
  @Property({ type: 'bigint', nullable: true })
  seq?: string | null;
}
