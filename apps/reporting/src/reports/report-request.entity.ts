import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One accepted report request of a user, for the hourly quota: counted over the last hour and
 * deleted by the retention job once older than that. Holds no more than who asked and when;
 * re-requests of a report already queued, refused requests and schedules leave no row.
 */
@Entity({ tableName: 'report_request' })
@Index({ properties: ['requestedBy', 'requestedAt'] })
export class ReportRequest {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  requestedBy!: string;

  @Property({ type: 'timestamptz' })
  requestedAt!: Date;
}
