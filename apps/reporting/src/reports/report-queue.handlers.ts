import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  type Principal,
  QUEUE_JOB_STATES,
  type QueueJob,
  type QueueJobState,
  ReportQueueRpc,
  type RpcInput,
} from '@sinergi/contracts';
import { conflict, DomainError, hasRole, notFound, type RpcCall, RpcRoute } from '@sinergi/runtime';
import type { Job } from 'bullmq';
import { REPORTING_CONFIG, type ReportingConfig } from '../config.js';
import { JobName, ReportQueue } from './report-queue.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The report queue is national (every region's reports, who asked for them): only a national
 * admin sees or changes it, whatever the gateway let through (docs/security.md).
 */
export function assertNationalAdmin(principal: Principal): void {
  if (!hasRole(principal, 'admin') || principal.region !== 'ID') {
    throw new DomainError(
      ErrorCode.Forbidden,
      'the report queue is national: only an admin of region ID sees and controls it',
    );
  }
}

interface ReportRow {
  id: string;
  kind: string;
  region_code: string;
  period_key: string;
  status: string;
  requested_by: string;
}

const iso = (ms: number | undefined | null) => (ms ? new Date(ms).toISOString() : null);

/** The dashboard's contracts (packages/contracts/src/report-queue.ts), over reporting's own queue. */
@Injectable()
export class ReportQueueHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: ReportQueue,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {}

  @RpcRoute(ReportQueueRpc.overview)
  async overview(input: RpcInput<typeof ReportQueueRpc.overview>, call: RpcCall) {
    assertNationalAdmin(call.principal);
    const queue = this.queue.queue;
    const counts = await queue.getJobCounts(...QUEUE_JOB_STATES);
    const states: readonly QueueJobState[] = input.state ? [input.state] : QUEUE_JOB_STATES;
    const found: Array<{ job: Job; state: QueueJobState }> = [];
    for (const state of states) {
      const jobs = (await queue.getJobs([state], 0, input.limit - 1, false)) as Job[];
      for (const job of jobs) if (job) found.push({ job, state });
    }
    found.sort((a, b) => (b.job.timestamp ?? 0) - (a.job.timestamp ?? 0));
    const latest = found.slice(0, input.limit);
    const reportIds = latest.map(({ job }) => String(job.data?.reportId ?? '')).filter((id) => UUID.test(id));
    const rows =
      reportIds.length === 0
        ? []
        : await this.em.execute<ReportRow[]>(
            `select id, kind, region_code, period_key, status, requested_by from report
              where id in (${reportIds.map(() => '?').join(', ')})`,
            reportIds,
          );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return {
      counts: Object.fromEntries(QUEUE_JOB_STATES.map((state) => [state, Number(counts[state] ?? 0)])) as Record<
        QueueJobState,
        number
      >,
      jobs: latest.map(({ job, state }): QueueJob => {
        const row = byId.get(String(job.data?.reportId ?? ''));
        return {
          id: String(job.id),
          name: job.name,
          state,
          report: row
            ? { id: row.id, kind: row.kind, regionCode: row.region_code, periodKey: row.period_key, status: row.status }
            : null,
          requestedBy: row?.requested_by ?? null,
          priority: job.priority ?? 0,
          attemptsMade: job.attemptsMade ?? 0,
          failedReason: job.failedReason ? String(job.failedReason).slice(0, 500) : null,
          createdAt: new Date(job.timestamp).toISOString(),
          processedAt: iso(job.processedOn),
          finishedAt: iso(job.finishedOn),
        };
      }),
      quota: { activePerUser: this.config.REPORT_QUOTA_ACTIVE, perUserPerHour: this.config.REPORT_QUOTA_PER_HOUR },
      retention: {
        days: this.config.REPORT_RETENTION_DAYS,
        scheduledDays: this.config.REPORT_RETENTION_SCHEDULED_DAYS,
      },
    };
  }

  /** Only a failed job is retried: its report is queued again and it gets all its attempts back. */
  @RpcRoute(ReportQueueRpc.retry)
  async retry(input: RpcInput<typeof ReportQueueRpc.retry>, call: RpcCall) {
    assertNationalAdmin(call.principal);
    const job = await this.failedJob(input.id);
    if (job.name === JobName.generateReport) {
      const id = String(job.data?.reportId ?? '');
      const reopened = UUID.test(id)
        ? await this.em.execute<{ id: string }[]>(
            `update report set status = 'queued', progress = 0, error = null, finished_at = null
              where id = ? and status in ('failed', 'queued', 'running') returning id`,
            [id],
          )
        : [];
      if (reopened.length === 0) throw conflict(`the report of job ${input.id} is gone or already done`);
    }
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return { id: input.id, state: await this.queue.queue.getJobState(input.id) };
  }

  /** Only a failed job is removed; its report keeps its failed status and reason. */
  @RpcRoute(ReportQueueRpc.remove)
  async remove(input: RpcInput<typeof ReportQueueRpc.remove>, call: RpcCall) {
    assertNationalAdmin(call.principal);
    const job = await this.failedJob(input.id);
    await job.remove();
    return { id: input.id, state: 'removed' };
  }

  private async failedJob(id: string): Promise<Job> {
    const job = (await this.queue.queue.getJob(id)) as Job | undefined;
    if (!job) throw notFound('job', id);
    const state = await job.getState();
    if (state !== 'failed') throw conflict(`job ${id} is ${state}; only a failed job can be retried or removed`);
    return job;
  }
}
