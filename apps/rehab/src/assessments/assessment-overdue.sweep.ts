import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RehabEvents, todayInJakarta } from '@sinergi/contracts';
import { LOGGER, type Logger, Outbox, registerCollectedGauge } from '@sinergi/runtime';
import { AssessmentRecord } from './assessment.entity.js';

export const ASSESSMENT_SWEEP_SETTINGS = Symbol('ASSESSMENT_SWEEP_SETTINGS');

export interface AssessmentSweepSettings {
  /** Time between the end of one round and the start of the next. */
  everyMs: number;
  /** Assessments claimed per transaction. */
  batchSize: number;
}

export interface OverdueCounts {
  /** Pending past their due date, their event raised. */
  notified: number;
  /** Pending past their due date, their event not raised yet: above 0 for longer than a round, the sweep is stuck. */
  unnotified: number;
}

/** The gauge reads whichever sweep started last: one per process. */
let countOverdue: (() => Promise<OverdueCounts>) | undefined;
let gaugeRegistered = false;

function registerOverdueGauge(count: () => Promise<OverdueCounts>): void {
  countOverdue = count;
  if (gaugeRegistered) return;
  gaugeRegistered = true;
  registerCollectedGauge(
    'sinergi_assessments_overdue',
    'Integrated assessments still pending after their 6-day due date, by whether their overdue event was raised',
    ['notified'],
    async () => {
      if (!countOverdue) return [];
      const counts = await countOverdue();
      return [
        { labels: { notified: 'true' }, value: counts.notified },
        { labels: { notified: 'false' }, value: counts.unnotified },
      ];
    },
  );
}

/**
 * Rehab owes the TAT's answer, so rehab tells when it is late (docs/domain.md, "Integrated
 * assessment"): every `everyMs` it claims, `batchSize` at a time, the assessments still pending
 * after their due date whose event was not raised yet, and for each writes
 * rehab.assessment.overdue.v1 to the outbox and `overdueNotifiedAt` in the same transaction. Rows
 * are claimed with SKIP LOCKED and the column is set once, so with any number of replicas and
 * rounds an assessment raises its event at most once. The event carries the dates only.
 */
@Injectable()
export class AssessmentOverdueSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    @Inject(ASSESSMENT_SWEEP_SETTINGS) private readonly settings: AssessmentSweepSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    registerOverdueGauge(() => this.overdueCounts());
    this.next();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round after another, never two at once in a process; a failed round is retried by the next. */
  private next(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .catch((error) => this.logger.warn({ err: error }, 'assessment overdue sweep failed; the next round retries'))
        .finally(() => this.next());
    }, this.settings.everyMs);
    this.timer.unref();
  }

  /** One round: raises the event of every assessment overdue on `today` (Jakarta) not raised yet; returns how many. */
  async sweep(today = todayInJakarta()): Promise<number> {
    let raised = 0;
    for (;;) {
      const claimed = await this.em.fork().transactional(async (tx) => {
        const overdue = await tx.find(
          AssessmentRecord,
          { status: 'pending', overdueNotifiedAt: null, dueOn: { $lt: today } },
          {
            orderBy: { dueOn: 'asc', id: 'asc' },
            limit: this.settings.batchSize,
            lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
          },
        );
        const now = new Date();
        for (const assessment of overdue) {
          assessment.overdueNotifiedAt = now;
          this.outbox.record(tx, RehabEvents.assessmentOverdue, {
            regionCode: assessment.regionCode,
            payload: { assessmentId: assessment.id, requestedOn: assessment.requestedOn, dueOn: assessment.dueOn },
          });
        }
        return overdue.length;
      });
      raised += claimed;
      // A short batch means nothing is left that another replica is not already holding.
      if (claimed < this.settings.batchSize) break;
    }
    if (raised > 0) this.logger.info({ raised, today }, 'overdue assessments: events raised');
    return raised;
  }

  /** What the gauge shows: the pending assessments past their due date on `today`. */
  async overdueCounts(today = todayInJakarta()): Promise<OverdueCounts> {
    const rows = await this.em.fork().execute<{ notified: boolean; n: string }[]>(
      `select overdue_notified_at is not null as notified, count(*) as n
           from assessment where status = 'pending' and due_on < ? group by 1`,
      [today],
    );
    const count = (notified: boolean) => Number(rows.find((row) => row.notified === notified)?.n ?? 0);
    return { notified: count(true), unnotified: count(false) };
  }
}
