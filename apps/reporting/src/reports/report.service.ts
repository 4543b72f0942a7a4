import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Period } from '@sinergi/contracts';
import { LOGGER, type Logger, reportJobDuration, reportJobs, runInContext } from '@sinergi/runtime';
import type { Job } from 'bullmq';
import { ApprovalService, lateCorrections } from '../approvals/approval.service.js';
import { type CoordinationReport, CoordinationReportBuilder } from './coordination-report.builder.js';
import { REPORTING_CONFIG, type ReportingConfig } from '../config.js';
import { Report, type ReportStatus } from './report.entity.js';
import { COORDINATION_REPORT_VERSION, parsePeriodKey, periodKey, reportId } from './report-key.js';
import { JobName, ReportQueue } from './report-queue.js';
import { checkQuota, countRequest, lockUser, SCHEDULED_PRIORITY, userPriority } from './report-quota.js';

export const REPORT_ATTEMPTS = 3;

/**
 * Requests and generates reports. A report row is the source of truth for its status; the
 * BullMQ job carries only its id. Asking for a report that is already queued changes nothing;
 * asking for a finished one queues a rerun that replaces its snapshot. Users ask within quotas
 * (report-quota.ts); schedules without, behind them.
 */
@Injectable()
export class ReportService implements OnApplicationBootstrap {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: ReportQueue,
    private readonly builder: CoordinationReportBuilder,
    private readonly approvals: ApprovalService,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
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

  /**
   * A user asks for a report. Asking for one already queued or running changes nothing and
   * costs nothing; otherwise the user's quotas apply (429 beyond them, with when to retry) and
   * the job's priority follows how many of theirs are already active (report-quota.ts).
   */
  async requestByUser(kind: 'coordination', regionCode: string, period: Period, user: string): Promise<Report> {
    const id = reportId(kind, regionCode, period);
    const em = this.em.fork();
    const { report, priority } = await em.transactional(async (tx) => {
      const limits = { active: this.config.REPORT_QUOTA_ACTIVE, perHour: this.config.REPORT_QUOTA_PER_HOUR };
      // The quota lock first, then the row: one user's requests take turns, and a request for
      // a row another user is re-opening waits for it and then finds it queued (free).
      await lockUser(tx, user);
      const [current] = await tx.execute<{ status: ReportStatus }[]>(
        'select status from report where id = ? for update',
        [id],
      );
      if (current && (current.status === 'queued' || current.status === 'running')) {
        return { report: await tx.findOneOrFail(Report, { id }), priority: null };
      }
      const active = await checkQuota(tx, user, limits);
      await this.open(tx, id, kind, regionCode, period, user, false);
      await countRequest(tx, user);
      return { report: await tx.findOneOrFail(Report, { id }), priority: userPriority(active) };
    });
    // Already active: only make sure its job exists (a lost one comes back at a user's priority).
    await this.enqueue(id, priority ?? userPriority(0));
    return report;
  }

  /** A schedule owes a report: no quota, and its job runs after every user's. */
  async requestScheduled(schedule: string, regionCode: string, period: Period): Promise<Report> {
    const id = reportId('coordination', regionCode, period);
    const report = await this.em.fork().transactional(async (tx) => {
      await this.open(tx, id, 'coordination', regionCode, period, `schedule:${schedule}`, true);
      return tx.findOneOrFail(Report, { id });
    });
    await this.enqueue(id, SCHEDULED_PRIORITY);
    return report;
  }

  /** Creates the report row, or re-opens a finished one (a rerun); an active one stays as it is. */
  private async open(
    tx: EntityManager,
    id: string,
    kind: 'coordination',
    regionCode: string,
    period: Period,
    requestedBy: string,
    scheduled: boolean,
  ): Promise<void> {
    await tx.execute(
      `insert into report (id, kind, region_code, period_key, version, status, progress, requested_by, requested_at,
           generations, scheduled)
         values (?, ?, ?, ?, ?, 'queued', 0, ?, now(), 0, ?)
         on conflict (id) do update set status = 'queued', progress = 0, error = null,
           requested_by = excluded.requested_by, requested_at = now(),
           scheduled = report.scheduled or excluded.scheduled
         where report.status in ('done', 'failed')`,
      [id, kind, regionCode, periodKey(period), COORDINATION_REPORT_VERSION, requestedBy, scheduled],
    );
  }

  /** Adds the job unless one for this report is already waiting or running. */
  async enqueue(id: string, priority: number): Promise<void> {
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
        priority,
        attempts: REPORT_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        // Finished jobs leave Redis after a day (a failed one after a week, to be seen and
        // retried on the dashboard); the retention job removes those of deleted reports.
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
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
      // A schedule's reports come as a set of every region of the period.
      const inSet = report.requestedBy.startsWith('schedule:');
      const progress = async (pct: number) => {
        await job.updateProgress(pct);
        await em.execute('update report set progress = ?, heartbeat_at = now() where id = ?', [pct, id]);
      };
      const period = parsePeriodKey(report.periodKey);
      const live = await this.builder.build(report.regionCode, period, progress, { inSet });
      // An approved period's report is its frozen figures, with what moved since beside them.
      const frozen = await this.approvals.frozenReport(report.regionCode, report.periodKey);
      const result: CoordinationReport = frozen
        ? {
            ...frozen.report,
            generatedAt: live.generatedAt,
            approval: {
              state: 'approved' as const,
              frozenVersion: frozen.frozenVersion,
              approvedAt: frozen.approvedAt,
            },
            lateCorrections: lateCorrections(frozen.report, live),
          }
        : live;
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
    const pending = await this.em.fork().execute<{ id: string; scheduled: boolean }[]>(
      `select id, requested_by like 'schedule:%' as scheduled from report where status = 'queued'
         or (status = 'running' and coalesce(heartbeat_at, requested_at) < now() - interval '60 seconds')`,
    );
    let requeued = 0;
    for (const { id, scheduled } of pending) {
      const job = await this.queue.queue.getJob(id);
      if (!job) {
        await this.enqueue(id, scheduled ? SCHEDULED_PRIORITY : userPriority(0));
        requeued += 1;
      }
    }
    return requeued;
  }
}
