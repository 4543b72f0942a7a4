import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Period } from '@sinergi/contracts';
import { LOGGER, type Logger, reportJobDuration, reportJobs, runInContext } from '@sinergi/runtime';
import type { Job } from 'bullmq';
import { CoordinationReportBuilder } from './coordination-report.builder.js';
import { Report } from './report.entity.js';
import { COORDINATION_REPORT_VERSION, parsePeriodKey, periodKey, reportId } from './report-key.js';
import { JobName, ReportQueue } from './report-queue.js';

export const REPORT_ATTEMPTS = 3;

/**
 * Requests and generates reports. A report row is the source of truth for its status; the
 * BullMQ job carries only its id. Asking for a report that is already queued changes nothing;
 * asking for a finished one queues a rerun that replaces its snapshot.
 */
@Injectable()
export class ReportService implements OnApplicationBootstrap {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: ReportQueue,
    private readonly builder: CoordinationReportBuilder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    queue.handle(JobName.generateReport, (job) => this.generate(job));
  }

  onApplicationBootstrap() {
    this.queue.on('failed', (job, error) => {
      if (!job || job.name !== JobName.generateReport) return;
      if (job.attemptsMade >= (job.opts.attempts ?? 1)) void this.markFailed(String(job.data.reportId), error.message);
    });
  }

  /** Creates or re-opens the report row and queues its job; returns the row. */
  async request(kind: 'coordination', regionCode: string, period: Period, requestedBy: string): Promise<Report> {
    const id = reportId(kind, regionCode, period);
    const em = this.em.fork();
    const report = await em.transactional(async (tx) => {
      await tx.execute(
        `insert into report (id, kind, region_code, period_key, version, status, progress, requested_by, requested_at, generations)
         values (?, ?, ?, ?, ?, 'queued', 0, ?, now(), 0)
         on conflict (id) do update set status = 'queued', progress = 0, error = null,
           requested_by = excluded.requested_by, requested_at = now()
         where report.status in ('done', 'failed')`,
        [id, kind, regionCode, periodKey(period), COORDINATION_REPORT_VERSION, requestedBy],
      );
      return tx.findOneOrFail(Report, { id });
    });
    await this.enqueue(id);
    return report;
  }

  /** Adds the job unless one for this report is already waiting or running. */
  async enqueue(id: string): Promise<void> {
    const existing = await this.queue.queue.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'completed' || state === 'failed') await existing.remove();
      else return;
    }
    await this.queue.queue.add(
      JobName.generateReport,
      { reportId: id },
      {
        jobId: id,
        attempts: REPORT_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  private async generate(job: Job): Promise<void> {
    const id = String(job.data.reportId);
    await runInContext({ correlationId: `report-${id}` }, async () => {
      const em = this.em.fork();
      const report = await em.findOne(Report, { id });
      if (!report) throw new Error(`report ${id} does not exist`);
      // A job for a report already done (a duplicate after a Redis restart) changes nothing.
      if (report.status === 'done') return;
      report.status = 'running';
      report.progress = 5;
      report.heartbeatAt = new Date();
      await em.flush();
      const stopTimer = reportJobDuration.startTimer();
      const result = await this.builder.build(report.regionCode, parsePeriodKey(report.periodKey), async (pct) => {
        await job.updateProgress(pct);
        await em.execute('update report set progress = ?, heartbeat_at = now() where id = ?', [pct, id]);
      });
      await em.execute(
        `update report set status = 'done', progress = 100, result = ?, error = null, finished_at = now(),
           generations = generations + 1 where id = ?`,
        [JSON.stringify(result), id],
      );
      stopTimer();
      reportJobs.inc({ status: 'done' });
      this.logger.info({ reportId: id, region: report.regionCode, period: report.periodKey }, 'report done');
    });
  }

  private async markFailed(id: string, reason: string): Promise<void> {
    await this.em
      .fork()
      .execute(`update report set status = 'failed', error = ?, finished_at = now() where id = ?`, [reason, id]);
    reportJobs.inc({ status: 'failed' });
    this.logger.error({ reportId: id, reason }, 'report failed');
  }

  /**
   * After a Redis restart or a dead worker: every report still queued, or running without a
   * heartbeat for a minute, gets its job back.
   */
  async requeueLost(): Promise<number> {
    const pending = await this.em.fork().execute<{ id: string }[]>(
      `select id from report where status = 'queued'
         or (status = 'running' and coalesce(heartbeat_at, requested_at) < now() - interval '60 seconds')`,
    );
    let requeued = 0;
    for (const { id } of pending) {
      const job = await this.queue.queue.getJob(id);
      if (!job) {
        await this.enqueue(id);
        requeued += 1;
      }
    }
    return requeued;
  }
}
