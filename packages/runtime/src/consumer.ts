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
import { deadLetters, eventsApplied, inboxDuplicates } from './metrics.js';
import { contextFrom, inSpan, SpanKind } from './tracing.js';
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

/**
 * A durable consumer: one line of the subscriptions table (packages/contracts/src/topology.ts),
 * which the broker's permissions are rendered from, and its handlers.
 */
export interface ConsumerDefinition extends Omit<Subscription, 'consumer'> {
  /** The consuming service (tests of the plumbing name their own). */
  consumer: string;
  /** Handlers by event type (the contract subject). Types with no handler are acknowledged and skipped. */
  handlers: Record<string, EventHandler>;
  /** Deliveries before an event is dead-lettered. */
  maxDeliveries?: number;
  batchSize?: number;
}

export interface ConsumerStats {
  applied: number;
  duplicates: number;
  skipped: number;
  deadLettered: number;
  failures: number;
}

/**
 * A durable JetStream pull consumer. Each event is applied in the consumer's own transaction
 * together with its inbox row, and acknowledged only after that commit. An event that keeps
 * failing goes to `dlq.<consumer>.<subject>` and the `dead_letter` table, then is terminated so
 * the stream keeps flowing.
 */
export class JetStreamEventConsumer {
  readonly stats: ConsumerStats = { applied: 0, duplicates: 0, skipped: 0, deadLettered: 0, failures: 0 };
  private running = false;
  private loop?: Promise<void>;
  private readonly maxDeliveries: number;
  private readonly batchSize: number;
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
    this.batchSize = definition.batchSize ?? 100;
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
      if (info.config.filter_subject !== filter) {
        this.logger.warn(
          { durable: this.durable, from: info.config.filter_subject, to: filter },
          'consumer filter corrected',
        );
        await this.jsm.consumers.update(this.stream, this.durable, { filter_subject: filter });
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
        ack_wait: 30_000_000_000,
        // JetStream stops redelivering past max_deliver; we dead-letter before that.
        max_deliver: this.maxDeliveries + 1,
        max_ack_pending: 10_000,
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
        // Messages are applied as soon as they arrive, whatever has arrived together in one
        // transaction: a burst costs one commit, a lone event waits for nobody.
        const arrived: JsMsg[] = [];
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
        while (this.running && (!finished || arrived.length > 0)) {
          if (arrived.length === 0) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
            continue;
          }
          await this.processBatch(arrived.splice(0, arrived.length));
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

  /**
   * Applies messages that arrived together in one transaction with their inbox rows, then acks
   * them all. If any of them fails, the transaction is rolled back and each is applied alone, so
   * one bad event is retried or dead-lettered without holding back the others.
   */
  async processBatch(messages: JsMsg[]): Promise<void> {
    if (messages.length === 1) return this.process(messages[0] as JsMsg);
    const ready: Array<{ message: JsMsg; event: AnyEvent; handler: EventHandler }> = [];
    const skipped: JsMsg[] = [];
    for (const message of messages) {
      const event = this.parse(message);
      if (!event) {
        await this.process(message); // dead-letters it
        continue;
      }
      const handler = this.definition.handlers[event.type];
      if (handler) ready.push({ message, event, handler });
      else skipped.push(message);
    }
    let fresh: Set<string>;
    try {
      fresh = await this.orm.em.fork().transactional(async (tx) => {
        if (ready.length === 0) return new Set<string>();
        const rows = await tx.execute<{ event_id: string }[]>(
          `insert into inbox (event_id, consumer, subject, applied_at)
           values ${ready.map(() => '(?, ?, ?, now())').join(', ')}
           on conflict (event_id) do nothing returning event_id`,
          ready.flatMap(({ event }) => [event.eventId, this.definition.consumer, event.type]),
        );
        const inserted = new Set(rows.map((row) => row.event_id));
        const applied = new Set<string>();
        for (const { event, handler } of ready) {
          if (!inserted.has(event.eventId) || applied.has(event.eventId)) continue;
          await this.applyInSpan(event, () => handler(tx, event));
          applied.add(event.eventId);
        }
        return applied;
      });
    } catch (error) {
      this.logger.warn({ err: error, size: messages.length }, 'batch failed; applying its events one by one');
      for (const { message } of ready) await this.process(message);
      for (const message of skipped) await this.process(message);
      return;
    }
    const labels = { consumer: this.definition.consumer, producer: this.definition.producer };
    for (const { message, event } of ready) {
      if (fresh.has(event.eventId)) {
        this.stats.applied += 1;
        eventsApplied.inc(labels);
        fresh.delete(event.eventId);
      } else {
        this.stats.duplicates += 1;
        inboxDuplicates.inc(labels);
      }
      message.ack();
    }
    this.stats.skipped += skipped.length;
    for (const message of skipped) message.ack();
  }

  /** The event in a message, checked against its contract; undefined when it is not one. */
  private parse(message: JsMsg): AnyEvent | undefined {
    try {
      const event = anyEventSchema.parse(JSON.parse(message.string()));
      eventContractFor(event.type)?.envelope.parse(event);
      return event;
    } catch {
      return undefined;
    }
  }

  /** Runs a handler in the event's correlation context and in a span of the trace that produced it. */
  private applyInSpan<T>(event: AnyEvent, fn: () => Promise<T>): Promise<T> {
    return inSpan(
      `apply ${event.type}`,
      SpanKind.CONSUMER,
      { 'messaging.consumer': this.definition.consumer, 'sinergi.event_id': event.eventId },
      () => runInContext({ correlationId: event.correlationId, causationId: event.eventId }, fn),
      contextFrom({ traceparent: event.traceparent }),
    );
  }

  /** Applies one message; public so tests and benchmarks can drive it directly. */
  async process(message: JsMsg): Promise<void> {
    const text = message.string();
    let event: AnyEvent;
    try {
      event = anyEventSchema.parse(JSON.parse(text));
      const contract = eventContractFor(event.type);
      if (contract) contract.envelope.parse(event);
    } catch (error) {
      // A message that does not parse will never parse: no point in redelivering it.
      await this.deadLetter(message, text, undefined, error);
      return;
    }
    const handler = this.definition.handlers[event.type];
    if (!handler) {
      this.stats.skipped += 1;
      message.ack();
      return;
    }
    try {
      const applied = await this.applyInSpan(event, () => this.apply(event, handler));
      const labels = { consumer: this.definition.consumer, producer: this.definition.producer };
      if (applied) {
        this.stats.applied += 1;
        eventsApplied.inc(labels);
      } else {
        this.stats.duplicates += 1;
        inboxDuplicates.inc(labels);
      }
      message.ack();
    } catch (error) {
      this.stats.failures += 1;
      if (message.info.deliveryCount >= this.maxDeliveries) {
        await this.deadLetter(message, text, event.eventId, error);
      } else {
        this.logger.warn({ err: error, eventId: event.eventId, type: event.type }, 'event failed; will be redelivered');
        message.nak(Math.min(10_000, 250 * 2 ** message.info.deliveryCount));
      }
    }
  }

  /** The handler's writes and the inbox row commit together; false when the event was already applied. */
  private async apply(event: AnyEvent, handler: EventHandler): Promise<boolean> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const inserted = await tx.execute<{ event_id: string }[]>(
        `insert into inbox (event_id, consumer, subject, applied_at) values (?, ?, ?, now())
         on conflict (event_id) do nothing returning event_id`,
        [event.eventId, this.definition.consumer, event.type],
      );
      if (inserted.length === 0) return false;
      await handler(tx, event);
      return true;
    });
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
