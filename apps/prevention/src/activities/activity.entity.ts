import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ACTIVITY_CHANNELS, ACTIVITY_KINDS, AUDIENCE_SEGMENTS, RecordActivityInput } from '@sinergi/contracts';

export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type AudienceSegment = (typeof AUDIENCE_SEGMENTS)[number];
export type ActivityChannel = (typeof ACTIVITY_CHANNELS)[number];

/** One education/socialisation activity (penyuluhan, sosialisasi) and how many it reached. */
@Entity({ tableName: 'activity' })
@Index({ properties: ['regionCode', 'createdAt'] })
@Index({ properties: ['on'] })
export class ActivityRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  @Property({ type: 'text' })
  kind!: ActivityKind;

  @Property({ type: 'text' })
  segment!: AudienceSegment;

  @Property({ type: 'text' })
  channel!: ActivityChannel;

  @Property({ type: 'date' })
  on!: string;

  @Property({ type: 'integer' })
  participants!: number;

  @Property({ type: 'integer', nullable: true })
  reach?: number | null;

  /** The CSV import that brought it, if any. */
  @Property({ type: 'uuid', nullable: true })
  importId?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A validated CSV row waiting for its import session's commit. Staged rows are not activities:
 * nothing counts until the commit moves the whole session into `activity` in one transaction.
 */
@Entity({ tableName: 'activity_import_row' })
@Index({ properties: ['stagedAt'] })
export class ActivityImportRow {
  @PrimaryKey({ type: 'uuid' })
  importId!: string;

  /** The row's 1-based line in the file (header = 1). */
  @PrimaryKey({ type: 'integer' })
  line!: number;

  /** Who staged it: only the same caller may commit the session. */
  @Property({ type: 'text' })
  stagedBy!: string;

  @Property({ type: 'json' })
  activity!: RecordActivityInput;

  @Property({ type: 'timestamptz' })
  stagedAt!: Date;
}
