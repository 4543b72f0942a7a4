import { randomUUID } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { type EventContract, type EventEnvelope, Headers, type ServiceName } from '@sinergi/contracts';
import type { z } from 'zod';
import { currentContext } from './context.js';
import type { Logger } from './logger.js';
import { outboxPublished } from './metrics.js';
import { traceCarrier } from './tracing.js';
import type { NatsNames } from './names.js';

/** An event written in the same transaction as the change it describes, waiting for the relay. */
@Entity({ tableName: 'outbox' })
@Index({ properties: ['publishedAt', 'createdAt'] })
export class OutboxMessage {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'json' })
  envelope!: EventEnvelope<unknown>;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'integer' })
  attempts!: number;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date | null;
}

export interface RecordEventInput<S extends z.ZodType> {
  regionCode: string;
  payload: z.infer<S>;
  occurredAt?: Date;
}

/**
 * Writes events into the outbox of the current transaction. The relay publishes them after
 * commit; a rolled-back change takes its events with it.
 */
export class Outbox {
  constructor(private readonly producer: ServiceName) {}

  record<S extends z.ZodType>(
    em: EntityManager,
    contract: EventContract<S>,
    input: RecordEventInput<S>,
  ): EventEnvelope<z.infer<S>> {
    const context = currentContext();
    const envelope = contract.envelope.parse({
      eventId: randomUUID(),
      type: contract.subject,
      version: contract.version,
      occurredAt: (input.occurredAt ?? new Date()).toISOString(),
      producer: this.producer,
      regionCode: input.regionCode,
      correlationId: context?.correlationId ?? randomUUID(),
      ...(context?.causationId ? { causationId: context.causationId } : {}),
      ...(context?.agency ? { agency: context.agency } : {}),
      ...(traceCarrier().traceparent ? { traceparent: traceCarrier().traceparent } : {}),
      payload: input.payload,
    });
    const message = em.create(OutboxMessage, {
      id: envelope.eventId,
      subject: contract.subject,
      envelope,
      createdAt: new Date(),
      attempts: 0,
      lastError: null,
      publishedAt: null,
    });
    em.persist(message);
    return envelope;
  }
}

/**
 * Where the relay is in a batch, published on `node:diagnostics_channel` for whoever observes it
 * (a tracer, a profiler, the fault suite's test/faults/inject-faults.mjs, which kills the process
 * at one of them). Each is published synchronously at its point, only when it has a subscriber,
 * so without one it costs a property read.
 * - `sinergi:outbox:before-publish` `{ rows }`: a batch is claimed (its rows locked in the open
 *   transaction) and none of it is published yet; only when the batch is not empty.
 * - `sinergi:outbox:after-publish` `{ published }`: JetStream acknowledged that many rows of the
 *   batch, and the transaction has not marked them published yet; only when it is at least one.
 */
export const OUTBOX_CHANNELS = {
  beforePublish: 'sinergi:outbox:before-publish',
  afterPublish: 'sinergi:outbox:after-publish',
} as const;
const beforePublish = channel(OUTBOX_CHANNELS.beforePublish);
const afterPublish = channel(OUTBOX_CHANNELS.afterPublish);

export interface RelayOptions {
  batchSize?: number;
  pollMs?: number;
  maxBackoffMs?: number;
  publishTimeoutMs?: number;
  /** How many publishes may await their acks at once. */
  window?: number;
}

interface ClaimedRow {
  id: string;
  subject: string;
  envelope: EventEnvelope<unknown> | string;
}

/**
 * Publishes outbox rows to JetStream in commit order. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` (several relays may run), published with `Nats-Msg-Id` = eventId
 * (a re-publish after a crash is dropped by JetStream's duplicate window), and marked published
 * in the same transaction. When NATS is unreachable the relay backs off and tries again; rows
 * wait in the outbox meanwhile.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private failures = 0;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxBackoffMs: number;
  private readonly publishTimeoutMs: number;
  private readonly window: number;

  constructor(
    private readonly orm: MikroORM,
    private readonly js: JetStreamClient,
    private readonly names: NatsNames,
    private readonly logger: Logger,
    options: RelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.pollMs = options.pollMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
    this.window = options.window ?? 64;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a commit that wrote events, so they leave without waiting for the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayBatch();
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.logger.warn({ err: error, failures: this.failures }, 'outbox relay could not publish; backing off');
      }
      if (published === this.batchSize && this.failures === 0) continue;
      const delay = this.failures === 0 ? this.pollMs : Math.min(this.maxBackoffMs, 100 * 2 ** this.failures);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** Publishes one batch; returns how many rows left the outbox. Throws when nothing could be published. */
  async relayBatch(): Promise<number> {
    const em = this.orm.em.fork();
    const { published, failure } = await em.transactional(async (tx) => {
      const rows = await tx.execute<ClaimedRow[]>(
        `select id, subject, envelope from outbox where published_at is null
         order by created_at, id limit ? for update skip locked`,
        [this.batchSize],
      );
      if (rows.length > 0 && beforePublish.hasSubscribers) beforePublish.publish({ rows: rows.length });
      const done: string[] = [];
      let failed: unknown;
      // Publishes go out in commit order on one connection, up to a window at a time; acks are
      // awaited together. A row counts as published only if it and every row before it were acked.
      for (let start = 0; start < rows.length && !failed; start += this.window) {
        const slice = rows.slice(start, start + this.window);
        const results = await Promise.allSettled(slice.map((row) => this.publish(row)));
        for (const [i, result] of results.entries()) {
          const row = slice[i] as ClaimedRow;
          if (result.status === 'fulfilled' && !failed) {
            done.push(row.id);
            continue;
          }
          if (result.status === 'rejected' && !failed) {
            failed = result.reason;
            await tx.execute('update outbox set attempts = attempts + 1, last_error = ? where id = ?', [
              failed instanceof Error ? failed.message : String(failed),
              row.id,
            ]);
          }
        }
      }
      if (done.length > 0) {
        if (afterPublish.hasSubscribers) afterPublish.publish({ published: done.length });
        await tx.execute(
          `update outbox set published_at = now() where id in (${done.map(() => '?').join(', ')})`,
          done,
        );
      }
      return { published: done.length, failure: failed };
    });
    outboxPublished.inc(published);
    if (failure && published === 0) throw failure;
    return published;
  }

  private async publish(row: ClaimedRow): Promise<void> {
    const envelope =
      typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as EventEnvelope<unknown>) : row.envelope;
    const h = natsHeaders();
    h.set(Headers.correlationId, envelope.correlationId);
    await this.js.publish(this.names.subject(row.subject), JSON.stringify(envelope), {
      msgID: row.id,
      headers: h,
      timeout: this.publishTimeoutMs,
    });
  }

  /** How many events wait, and how old the oldest is: for readiness and metrics. */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const em = this.orm.em.fork();
    const [row] = await em.execute<{ pending: string; oldest: number | null }[]>(
      `select count(*) as pending, extract(epoch from now() - min(created_at)) as oldest
       from outbox where published_at is null`,
    );
    return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: Number(row?.oldest ?? 0) };
  }
}
