import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { CoordinationReport } from '@sinergi/contracts';

export type ReportStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * A report and its stored snapshot. The id is derived from (kind, region, period, version), so
 * asking again, or a schedule firing twice, reaches the same row: a rerun replaces the snapshot.
 */
@Entity({ tableName: 'report' })
@Unique({ properties: ['kind', 'regionCode', 'periodKey', 'version'] })
// A user's reports queued or running (the active quota) and the rows past retention.
@Index({ properties: ['requestedBy', 'status'] })
@Index({ properties: ['requestedAt'] })
export class Report {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  regionCode!: string;

  /** `2024`, `2024-Q1` or `2024-M05`. */
  @Property({ type: 'text' })
  periodKey!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  status!: ReportStatus;

  @Property({ type: 'integer' })
  progress!: number;

  /** The snapshot, as the builder made it: only this service writes it (report.service.ts). */
  @Property({ type: 'json', nullable: true })
  result?: CoordinationReport | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  /** Who asked: a user id, or `schedule:<name>`. */
  @Property({ type: 'text' })
  requestedBy!: string;

  @Property({ type: 'timestamptz' })
  requestedAt!: Date;

  /**
   * Whether a schedule ever asked for this report: then it is part of the periodic record and
   * kept for REPORT_RETENTION_SCHEDULED_DAYS, even after a user asked for a rerun.
   */
  @Property({ type: 'boolean', default: false })
  scheduled!: boolean;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  /** Touched as a running job makes progress; a running report silent for long has lost its worker. */
  @Property({ type: 'timestamptz', nullable: true })
  heartbeatAt?: Date | null;

  /** How many times the snapshot was generated: a rerun adds one, never a row. */
  @Property({ type: 'integer' })
  generations!: number;
}
