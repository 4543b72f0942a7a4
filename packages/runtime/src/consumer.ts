import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  AckPolicy,
  type Consumer,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { type AnyEvent, anyEventSchema, eventContractFor, Headers, type Subscription } from '@sinergi/contracts';
import { runInContext } from './context.js';
import { isTransient } from './errors.js';
import { pgArray } from './sql.js';
import { deadLetters, eventsApplied, inboxDuplicates } from './metrics.js';
import { contextFrom, endSpans, SpanKind, startChildSpan } from './tracing.js';
import type { Logger } from './logger.js';
import type { NatsNames } from './names.js';
import { isNotFound } from './nats.js';

/** Events a consumer has applied, keyed by eventId: a redelivered event is acknowledged and skipped. */
@Entity({ tableName: 'inbox' })
export class InboxEntry {
  @PrimaryKey({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'text' })
  consumer!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'timestamptz' })
  appliedAt!: Date;
}

/** An event that kept failing, kept for an operator to read and replay. */
@Entity({ tableName: 'dead_letter' })
export class DeadLetter {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  consumer!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text', nullable: true })
  eventId?: string | null;

  @Property({ type: 'text' })
  data!: string;

  @Property({ type: 'text' })
  error!: string;

  @Property({ type: 'integer' })
  deliveries!: number;

  @Property({ type: 'timestamptz' })
  failedAt!: Date;
}

export type EventHandler = (em: EntityManager, event: AnyEvent) => Promise<void>;

/** An event as its consumer applies it, with its place in the stream. */
export interface StreamEvent {
  event: AnyEvent;
  /** The stream sequence: later is newer, whatever order replicas commit in. */
  seq: number;
}

/**
 * Applies the fresh events of one batch inside the consumer's transaction, after their inbox
 * rows. A batch of one and a batch of many take the same path.
 */
export type BatchApply = (tx: EntityManager, events: StreamEvent[]) => Promise<void>;

/**
 * A durable consumer: one line of the subscriptions table (packages/contracts/src/topology.ts),
 * which the broker's permissions are rendered from, and how it applies events.
 */
export interface ConsumerDefinition extends Omit<Subscription, 'consumer'> {
  /** The consuming service (tests of the plumbing name their own). */
  consumer: string;
  /** The event types it applies; any other is acknowledged and skipped. */
  types: ReadonlySet<string>;
  apply: BatchApply;
  /** Deliveries before an event is dead-lettered. */
  maxDeliveries?: number;
  /** Messages one pull asks for (default 1,000). */
  batchSize?: number;
  /**
   * Events applied in one transaction at most (default 250); what arrived beyond it is applied in
   * the next. What a batch holds while it is applied (messages, parsed events, projected rows, the
   * SQL text) is the largest thing in a consumer's heap, and Node keeps the resident set at the
   * heap's high-water mark: 250 instead of 1,000 kept reporting's heap ~35 MiB lower at the same
   * ingest rate (bench P2, docs/benchmarks.md P5).
   */
  maxPerTransaction?: number;
}

/** A consumer applying each event with its own handler, one after another in the batch's transaction. */
export function perEvent(handlers: Record<string, EventHandler>): Pick<ConsumerDefinition, 'types' | 'apply'> {
  return {
    types: new Set(Object.keys(handlers)),
    apply: async (tx, events) => {
      // Each in the event's own correlation context: events it records are caused by this one.
      for (const { event } of events) {
        const handler = handlers[event.type] as EventHandler;
        await runInContext(
          {
            correlationId: event.correlationId,
            causationId: event.eventId,
            ...(event.agency ? { agency: event.agency } : {}),
          },
          () => handler(tx, event),
        );
      }
    },
  };
}

export interface ConsumerStats {
  applied: number;
  duplicates: number;
  skipped: number;
  deadLettered: number;
  failures: number;
}

interface Ready {
  message: JsMsg;
  event: AnyEvent;
}

/**
 * How long JetStream waits for an ack before it delivers a message again. It bounds how stale a
 * projection can be after the broker restarts: a message the server handed to a pull just as it
 * went down never reached us, stays "pending ack" in the restored consumer, and comes back only
 * after this wait. Messages held longer than half of it are kept alive with `working()`.
 */
export const ACK_WAIT_MS = 10_000;
/** JetStream's "no limit" for a consumer's deliveries. */
const UNLIMITED_DELIVERIES = -1;
/** The same, as JetStream's consumer config takes it. */
const ACK_WAIT_NS = ACK_WAIT_MS * 1_000_000;

/**
 * A durable JetStream pull consumer. What arrives together is applied in one transaction with
 * the batch's inbox rows (one multi-row insert, returning which events are fresh), and
 * acknowledged only after that commit. If a batch fails, each of its events is tried alone on
 * the same path, so one bad event is retried or dead-lettered without holding back the others;
 * an event that keeps failing goes to `dlq.<consumer>.<subject>` and the `dead_letter` table,
 * then is terminated so the stream keeps flowing.
 */
export class JetStreamEventConsumer {
  readonly stats: ConsumerStats = { applied: 0, duplicates: 0, skipped: 0, deadLettered: 0, failures: 0 };
  private running = false;
  private loop?: Promise<void>;
  private readonly maxDeliveries: number;
  private readonly batchSize: number;
  private readonly maxPerTransaction: number;
  private readonly durable: string;
  private readonly stream: string;

  constructor(
    readonly definition: ConsumerDefinition,
    private readonly orm: MikroORM,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: NatsNames,
    private readonly logger: Logger,
  ) {
    this.maxDeliveries = definition.maxDeliveries ?? 5;
    this.batchSize = definition.batchSize ?? 1000;
    this.maxPerTransaction = definition.maxPerTransaction ?? 250;
    this.durable = names.durable(definition.consumer, definition.producer);
    this.stream = names.stream(definition.producer);
  }

  /**
   * Creates the durable consumer when missing (idempotent). An existing one whose subject
   * filter differs is brought back to the declared filter: a wider leftover filter would let
   * a service read subjects it must not (the privacy boundary).
   */
  async provision(): Promise<void> {
    const filter = this.names.subject(this.definition.filterSubject);
    try {
      const info = await this.jsm.consumers.info(this.stream, this.durable);
      if (
        info.config.filter_subject !== filter ||
        info.config.ack_wait !== ACK_WAIT_NS ||
        info.config.max_deliver !== UNLIMITED_DELIVERIES
      ) {
        this.logger.warn(
          { durable: this.durable, from: info.config.filter_subject, to: filter, ackWaitMs: ACK_WAIT_MS },
          'consumer config corrected',
        );
        await this.jsm.consumers.update(this.stream, this.durable, {
          filter_subject: filter,
          ack_wait: ACK_WAIT_NS,
          max_deliver: UNLIMITED_DELIVERIES,
        });
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.create(filter);
    }
  }

  private async create(filter: string): Promise<void> {
    try {
      await this.jsm.consumers.add(this.stream, {
        durable_name: this.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: filter,
        ack_wait: ACK_WAIT_NS,
        // JetStream never stops redelivering: the consumer itself decides when an event is poison
        // (failed) — a limit here would strand an event whose tries were spent on an outage.
        max_deliver: UNLIMITED_DELIVERIES,
        max_ack_pending: 20_000,
      });
    } catch (error) {
      if (/stream not found/i.test(String((error as Error)?.message)))
        throw new Error(`stream ${this.stream} does not exist: the migrate step creates it (npm run migrate)`);
      throw error;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    let consumer: Consumer | undefined;
    let failures = 0;
    while (this.running) {
      try {
        consumer ??= await this.js.consumers.get(this.stream, this.durable);
        const batch = await consumer.fetch({ max_messages: this.batchSize, expires: 1000 });
        // Messages are applied as soon as they arrive, whatever has arrived together (up to
        // maxPerTransaction) in one transaction: a burst costs few commits, a lone event waits for nobody.
        const arrived: JsMsg[] = [];
        let applying: JsMsg[] = [];
        // A burst held behind slow transactions is kept alive instead of redelivered mid-apply.
        const keepAlive = setInterval(() => {
          for (const message of applying) message.working();
          for (const message of arrived) message.working();
        }, ACK_WAIT_MS / 2);
        let finished = false;
        let readError: unknown;
        let wake: (() => void) | undefined;
        // The reader never rejects: a broken fetch (NATS going away) is kept and rethrown below,
        // not left as an unhandled rejection that would end the process.
        const reader = (async () => {
          try {
            for await (const message of batch) {
              arrived.push(message);
              wake?.();
            }
          } catch (error) {
            readError = error;
          } finally {
            finished = true;
            wake?.();
          }
        })();
        try {
          while (this.running && (!finished || arrived.length > 0)) {
            if (arrived.length === 0) {
              await new Promise<void>((resolve) => {
                wake = resolve;
              });
              wake = undefined;
              continue;
            }
            applying = arrived.splice(0, this.maxPerTransaction);
            await this.processBatch(applying);
            applying = [];
          }
        } finally {
          clearInterval(keepAlive);
        }
        await reader;
        if (readError) throw readError;
        failures = 0;
      } catch (error) {
        failures += 1;
        consumer = undefined;
        this.logger.warn({ err: error, durable: this.durable }, 'consumer fetch failed; retrying');
        // A durable deleted under us (a projection rebuild) is created again, starting at the stream's head.
        if (isNotFound(error)) await this.provision().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** failures)));
      }
    }
  }

  /** Applies messages that arrived together; public so tests and benchmarks can drive it directly. */
  async processBatch(messages: JsMsg[]): Promise<void> {
    const ready: Ready[] = [];
    const skipped: JsMsg[] = [];
    for (const message of messages) {
      const text = message.string();
      let event: AnyEvent;
      try {
        event = anyEventSchema.parse(JSON.parse(text));
        eventContractFor(event.type)?.envelope.parse(event);
      } catch (error) {
        // A message that does not parse will never parse: no point in redelivering it.
        await this.deadLetter(message, text, undefined, error);
        continue;
      }
      if (this.definition.types.has(event.type)) ready.push({ message, event });
      else skipped.push(message);
    }
    this.stats.skipped += skipped.length;
    for (const message of skipped) message.ack();
    if (ready.length === 0) return;
    try {
      await this.applyTogether(ready);
    } catch (error) {
      if (ready.length > 1) {
        this.logger.warn({ err: error, size: ready.length }, 'batch failed; applying its events one by one');
        for (const one of ready) await this.processAlone(one);
      } else {
        await this.failed(ready[0] as Ready, error);
      }
    }
  }

  private async processAlone(one: Ready): Promise<void> {
    try {
      await this.applyTogether([one]);
    } catch (error) {
      await this.failed(one, error);
    }
  }

  /**
   * A failed event is tried again with a growing pause; after `maxDeliveries` tries it is
   * dead-lettered, unless what failed was the infrastructure (isTransient: the database away, a
   * deadlock, a timeout), which says nothing about the event: that one is tried until it applies.
   */
  private async failed({ message, event }: Ready, error: unknown): Promise<void> {
    this.stats.failures += 1;
    if (message.info.deliveryCount >= this.maxDeliveries && !isTransient(error)) {
      await this.deadLetter(message, message.string(), event.eventId, error);
    } else {
      this.logger.warn({ err: error, eventId: event.eventId, type: event.type }, 'event failed; will be redelivered');
      message.nak(Math.min(10_000, 250 * 2 ** message.info.deliveryCount));
    }
  }

  /**
   * One transaction: the batch's inbox rows in one insert (a redelivered event finds its row and
   * is skipped), then the fresh events applied together; acks after the commit.
   */
  private async applyTogether(ready: Ready[]): Promise<void> {
    const spans = ready.map(({ event }) =>
      startChildSpan(
        `apply ${event.type}`,
        SpanKind.CONSUMER,
        { 'messaging.consumer': this.definition.consumer, 'sinergi.event_id': event.eventId },
        contextFrom({ traceparent: event.traceparent }),
      ),
    );
    let fresh: Set<string>;
    try {
      fresh = await this.orm.em.fork().transactional(async (tx) => {
        const rows = await tx.execute<{ event_id: string }[]>(
          `insert into inbox (event_id, consumer, subject, applied_at)
               select * from unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[])
               on conflict (event_id) do nothing returning event_id`,
          [
            pgArray(ready.map(({ event }) => event.eventId)),
            pgArray(ready.map(() => this.definition.consumer)),
            pgArray(ready.map(({ event }) => event.type)),
            pgArray(ready.map(() => new Date().toISOString())),
          ],
        );
        const inserted = new Set(rows.map((row) => row.event_id));
        const events: StreamEvent[] = [];
        for (const { message, event } of ready) {
          if (!inserted.delete(event.eventId)) continue; // a duplicate, in this batch or before
          events.push({ event, seq: message.seq });
        }
        if (events.length > 0) await this.definition.apply(tx, events);
        return new Set(events.map(({ event }) => event.eventId));
      });
    } catch (error) {
      endSpans(spans, error);
      throw error;
    }
    endSpans(spans);
    const labels = { consumer: this.definition.consumer, producer: this.definition.producer };
    for (const { message, event } of ready) {
      if (fresh.delete(event.eventId)) {
        this.stats.applied += 1;
        eventsApplied.inc(labels);
      } else {
        this.stats.duplicates += 1;
        inboxDuplicates.inc(labels);
      }
      message.ack();
    }
  }

  /** Applies one message; kept for tests and benchmarks that drive a consumer by hand. */
  async process(message: JsMsg): Promise<void> {
    await this.processBatch([message]);
  }
  private async deadLetter(message: JsMsg, data: string, eventId: string | undefined, error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    const subject = this.names.unprefixed(message.subject);
    this.logger.error({ eventId, subject, reason, deliveries: message.info.deliveryCount }, 'event dead-lettered');
    const h = natsHeaders();
    h.set('Sinergi-Dead-Letter-Reason', reason.slice(0, 1000));
    if (eventId) h.set(Headers.msgId, `dlq-${this.definition.consumer}-${eventId}`);
    await this.js.publish(this.names.deadLetterSubject(this.definition.consumer, subject), data, { headers: h });
    const em = this.orm.em.fork();
    await em.transactional(async (tx) => {
      await tx.execute(
        `insert into dead_letter (id, consumer, subject, event_id, data, error, deliveries, failed_at)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, now())`,
        [this.definition.consumer, subject, eventId ?? null, data, reason, message.info.deliveryCount],
      );
    });
    this.stats.deadLettered += 1;
    deadLetters.inc({ consumer: this.definition.consumer, producer: this.definition.producer });
    message.term(reason);
  }

  /** Messages in the stream not yet delivered to this consumer, plus those awaiting an ack. */
  async lag(): Promise<number> {
    const info = await this.jsm.consumers.info(this.stream, this.durable);
    return info.num_pending + info.num_ack_pending;
  }
}
