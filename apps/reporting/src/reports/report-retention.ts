import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@sinergi/runtime';
import { REPORTING_CONFIG, type ReportingConfig } from '../config.js';
import { JobName, ReportQueue } from './report-queue.js';

/** The job scheduler that runs the retention job (one replica takes each round). */
export const RETENTION_SCHEDULER = 'report-retention';
/** Rows deleted per statement: a first run on years of reports does not hold one long lock. */
const BATCH = 500;

export interface RetentionRun {
  reports: number;
  jobs: number;
  requests: number;
}

/**
 * Deletes finished reports, their stored results with them, once they are older than their
 * retention: on-demand reports after REPORT_RETENTION_DAYS (90 by default; anyone in scope can
 * request one again from the read model), reports a schedule asked for after
 * REPORT_RETENTION_SCHEDULED_DAYS (five years by default: the monthly, quarterly and annual
 * reports are what an agency reads back at year ends and audits). Age is counted from the last
 * request, so a rerun keeps a report. Queued and running reports are never deleted. Their
 * BullMQ jobs go too, and the hourly-quota log keeps only its last hour.
 *
 * Runs as a BullMQ job scheduler, so with several replicas exactly one sweeps each round; the
 * job can also be added by hand (`report-retention`, docs/operations.md).
 */
@Injectable()
export class ReportRetention implements OnApplicationBootstrap {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: ReportQueue,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    queue.handle(JobName.retention, () => this.sweep());
  }

  async onApplicationBootstrap() {
    await this.queue.queue.upsertJobScheduler(
      RETENTION_SCHEDULER,
      { every: this.config.REPORT_RETENTION_EVERY_MS },
      {
        name: JobName.retention,
        data: {},
        opts: { removeOnComplete: { count: 20 }, removeOnFail: { count: 20 } },
      },
    );
  }

  async sweep(): Promise<RetentionRun> {
    const em = this.em.fork();
    const run: RetentionRun = { reports: 0, jobs: 0, requests: 0 };
    for (;;) {
      const deleted = await em.execute<{ id: string }[]>(
        `delete from report where id in (
           select id from report
            where status in ('done', 'failed')
              and requested_at < now() - make_interval(days => case when scheduled then ?::int else ?::int end)
            limit ?)
         returning id`,
        [this.config.REPORT_RETENTION_SCHEDULED_DAYS, this.config.REPORT_RETENTION_DAYS, BATCH],
      );
      run.reports += deleted.length;
      for (const { id } of deleted) if (await this.removeJob(id)) run.jobs += 1;
      if (deleted.length < BATCH) break;
    }
    const requests = await em.execute<{ n: number }[]>(
      `with gone as (delete from report_request where requested_at < now() - interval '1 hour' returning 1)
       select count(*)::int as n from gone`,
    );
    run.requests = Number(requests[0]?.n ?? 0);
    if (run.reports > 0 || run.jobs > 0) this.logger.info({ ...run }, 'report retention deleted old reports');
    return run;
  }

  /** Removes a deleted report's job, unless a worker holds it (then it fails on the missing row). */
  private async removeJob(id: string): Promise<boolean> {
    const job = await this.queue.queue.getJob(id);
    if (!job) return false;
    try {
      await job.remove();
      return true;
    } catch (error) {
      this.logger.warn(
        { reportId: id, reason: (error as Error).message },
        'could not remove the job of a deleted report',
      );
      return false;
    }
  }
}
