import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Period, Schedule } from '@sinergi/contracts';
import { LOGGER, type Logger, RegionDirectory, scheduleReconciliations } from '@sinergi/runtime';
import { REPORTING_CONFIG, type ReportingConfig } from '../config.js';
import { reportId } from '../reports/report-key.js';
import { JobName, ReportQueue } from '../reports/report-queue.js';
import { ReportService } from '../reports/report.service.js';
import { ScheduleRecord } from './schedule.entity.js';
import { DEFAULT_SCHEDULES, duePeriods, SCHEDULE_TIME_ZONE, type ScheduleName } from './schedule.rules.js';

export function toSchedule(record: ScheduleRecord): Schedule {
  return {
    name: record.name,
    cron: record.cron,
    timeZone: record.timeZone,
    levels: record.levels,
    enabled: record.enabled,
    since: record.since.toISOString(),
  };
}

/**
 * Scheduled reports. BullMQ job schedulers (explicit time zone) fire when a period closes; the
 * fired job, start-up and a periodic timer all run one reconciler, which compares the periods
 * each schedule owes with the stored reports and queues what is missing. So after downtime
 * every missed period is generated, and deterministic report ids make it exactly once.
 */
@Injectable()
export class ScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly em: EntityManager,
    private readonly queue: ReportQueue,
    private readonly reports: ReportService,
    private readonly regions: RegionDirectory,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    queue.handle(JobName.scheduledPeriod, async (job) => this.reconcile(job.data.schedule as ScheduleName));
  }

  async onApplicationBootstrap() {
    const em = this.em.fork();
    for (const [name, { cron }] of Object.entries(DEFAULT_SCHEDULES)) {
      await em.execute(
        `insert into schedule (name, cron, time_zone, levels, enabled, since, updated_at)
         values (?, ?, ?, ?, true, now(), now()) on conflict (name) do nothing`,
        [name, cron, SCHEDULE_TIME_ZONE, JSON.stringify(['national', 'province', 'regency'])],
      );
    }
    for (const schedule of await em.find(ScheduleRecord, {})) await this.register(schedule);
    this.timer = setInterval(() => void this.reconcileAll(), this.config.RECONCILE_EVERY_MS);
    this.timer.unref();
    void this.reconcileAll();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async register(schedule: ScheduleRecord) {
    const id = `schedule-${schedule.name}`;
    if (!schedule.enabled) {
      await this.queue.queue.removeJobScheduler(id);
      return;
    }
    await this.queue.queue.upsertJobScheduler(
      id,
      { pattern: schedule.cron, tz: schedule.timeZone },
      {
        name: JobName.scheduledPeriod,
        data: { schedule: schedule.name },
        // A fired schedule's job is only a trigger: keep the last few, not one per period forever.
        opts: { removeOnComplete: { count: 20 }, removeOnFail: { count: 20 } },
      },
    );
  }

  async list(): Promise<Schedule[]> {
    const records = await this.em.fork().find(ScheduleRecord, {}, { orderBy: { name: 'asc' } });
    return records.map(toSchedule);
  }

  async put(input: Omit<Schedule, 'since'> & { since?: string }): Promise<Schedule> {
    const em = this.em.fork();
    const record =
      (await em.findOne(ScheduleRecord, { name: input.name })) ??
      em.create(ScheduleRecord, {
        name: input.name,
        since: new Date(),
        cron: input.cron,
        timeZone: input.timeZone,
        levels: input.levels,
        enabled: input.enabled,
        updatedAt: new Date(),
      });
    record.cron = input.cron;
    record.timeZone = input.timeZone;
    record.levels = input.levels;
    record.enabled = input.enabled;
    if (input.since) record.since = new Date(input.since);
    record.updatedAt = new Date();
    await em.flush();
    await this.register(record);
    await this.reconcile(record.name);
    return toSchedule(record);
  }

  private regionsAt(level: 'national' | 'province' | 'regency'): string[] {
    if (level === 'national') return ['ID'];
    const provinces = this.regions.childrenOf('ID').map((p) => p.code);
    if (level === 'province') return provinces;
    return provinces.flatMap((p) => this.regions.childrenOf(p).map((r) => r.code));
  }

  async reconcileAll(): Promise<void> {
    this.running = (async () => {
      try {
        const requeued = await this.reports.requeueLost();
        if (requeued > 0) this.logger.warn({ requeued }, 'requeued reports whose jobs were lost');
        for (const schedule of await this.em.fork().find(ScheduleRecord, { enabled: true })) {
          await this.reconcile(schedule.name);
        }
        scheduleReconciliations.inc({ outcome: 'ok' });
      } catch (error) {
        scheduleReconciliations.inc({ outcome: 'failed' });
        this.logger.warn({ err: error }, 'schedule reconciliation failed; will retry');
      }
    })();
    await this.running;
  }

  /** Queues every report a schedule owes and does not have yet; returns how many it queued. */
  async reconcile(name: ScheduleName): Promise<number> {
    const schedule = await this.em.fork().findOne(ScheduleRecord, { name });
    if (!schedule?.enabled) return 0;
    // Periods older than scheduled reports are kept are no longer owed: otherwise the reconciler
    // would generate again what the retention job deleted (report-retention.ts).
    const horizon = new Date(Date.now() - this.config.REPORT_RETENTION_SCHEDULED_DAYS * 24 * 3600 * 1000);
    const since = schedule.since > horizon ? schedule.since : horizon;
    const periods = duePeriods(name, since, new Date(), schedule.timeZone);
    const wanted: Array<{ id: string; regionCode: string; period: Period }> = [];
    for (const period of periods) {
      for (const level of schedule.levels) {
        for (const regionCode of this.regionsAt(level)) {
          wanted.push({ id: reportId('coordination', regionCode, period), regionCode, period });
        }
      }
    }
    if (wanted.length === 0) return 0;
    const existing = new Set(
      (
        await this.em.fork().execute<{ id: string }[]>(
          `select id from report where id in (${wanted.map(() => '?').join(', ')})`,
          wanted.map((w) => w.id),
        )
      ).map((r) => r.id),
    );
    // A report a user asked for first is still one the schedule owes: it is kept as long as
    // the scheduled ones, not deleted after the on-demand retention and then generated again.
    const owedExisting = wanted.filter((w) => existing.has(w.id)).map((w) => w.id);
    if (owedExisting.length > 0) {
      await this.em
        .fork()
        .execute(
          `update report set scheduled = true where not scheduled and id in (${owedExisting.map(() => '?').join(', ')})`,
          owedExisting,
        );
    }
    let queued = 0;
    for (const missing of wanted.filter((w) => !existing.has(w.id))) {
      await this.reports.requestScheduled(name, missing.regionCode, missing.period);
      queued += 1;
    }
    if (queued > 0) this.logger.info({ schedule: name, queued }, 'queued missed scheduled reports');
    return queued;
  }
}
