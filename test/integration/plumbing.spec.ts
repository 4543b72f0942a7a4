/**
 * The shared runtime's promises, on real PostgreSQL and real JetStream: an outbox row committed
 * while the broker is down is published once it returns; a re-publish is dropped by JetStream;
 * a redelivered event is applied once; a poison event is dead-lettered and the stream flows on.
 */
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { AckPolicy, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { RehabEvents } from '@sinergi/contracts';
import {
  ACK_WAIT_MS,
  createLogger,
  JetStreamEventConsumer,
  Outbox,
  OutboxRelay,
  ormOptions,
  perEvent,
  RUNTIME_ENTITIES,
} from '@sinergi/runtime';
import { eventually, TestNamespace } from '@sinergi/runtime/testing';
import { queryDb } from '../support/pg.js';

const ns = new TestNamespace('p');
const logger = createLogger('plumbing-test', 'silent');
const nats = ns.broker;
let nc: NatsConnection;
let jsm: JetStreamManager;
let orm: MikroORM;

function facilityEvent(em: MikroORM['em'], outbox: Outbox, name: string) {
  return outbox.record(em, RehabEvents.facilityRegistered, {
    regionCode: '31.72',
    payload: { facilityId: randomUUID(), kind: 'clinic', name, regionCode: '31.72' },
  });
}

async function streamCount(): Promise<number> {
  return (await jsm.streams.info(ns.names.stream('rehab'))).state.messages;
}

beforeAll(async () => {
  await ns.start();
  // The reporting schema has the plumbing tables (outbox, inbox, dead_letter); its migrate step
  // also creates the streams.
  ns.migrate(['reporting']);
  orm = await MikroORM.init(
    ormOptions({
      url: ns.databaseUrl('reporting'),
      entities: RUNTIME_ENTITIES,
      migrationsPath: '/nonexistent',
      migrationsPathTs: '/nonexistent',
    }),
  );
  await orm.em.fork().execute('create table applied (event_id uuid not null, name text not null)');
  // The runtime's pieces under test, on one connection as the broker's admin (permissions are the
  // security suite's subject, test/security).
  nc = await nats.connect('admin', { reconnect: true });
  jsm = await jetstreamManager(nc);
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await orm?.close(true);
  await ns.cleanup(['reporting']);
});

describe('transactional outbox', () => {
  it('keeps an event committed while JetStream is down and publishes it exactly once when it returns', async () => {
    const outbox = new Outbox('rehab');
    const relay = new OutboxRelay(orm, jetstream(nc, { timeout: 2000 }), ns.names, logger, {
      pollMs: 50,
      maxBackoffMs: 300,
      publishTimeoutMs: 500,
    });
    const before = await streamCount();
    await nats.pause();
    const event = await orm.em.fork().transactional(async (tx) => facilityEvent(tx, outbox, 'Klinik saat NATS mati'));
    relay.start();
    // Committed: the row is in the outbox, not yet published, and the relay has tried.
    await eventually(async () => {
      const [row] = await queryDb<{ published_at: Date | null; attempts: number }>(
        ns.databaseUrl('reporting'),
        'select published_at, attempts from outbox where id = $1',
        [event.eventId],
      );
      expect(row?.published_at).toBeNull();
      expect(row?.attempts).toBeGreaterThan(0);
    });
    await nats.resume();
    await eventually(async () => expect(await streamCount()).toBe(before + 1), { timeoutMs: 20_000 });
    await relay.stop();
    const [row] = await queryDb<{ published_at: Date | null }>(
      ns.databaseUrl('reporting'),
      'select published_at from outbox where id = $1',
      [event.eventId],
    );
    expect(row?.published_at).not.toBeNull();
  });

  it('drops a rolled-back change together with its event', async () => {
    const outbox = new Outbox('rehab');
    let eventId = '';
    await expect(
      orm.em.fork().transactional(async (tx) => {
        eventId = facilityEvent(tx, outbox, 'Rolled back').eventId;
        await tx.flush();
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await queryDb(ns.databaseUrl('reporting'), 'select 1 from outbox where id = $1', [eventId]);
    expect(rows).toEqual([]);
  });

  it('a re-publish after a crash between publish and mark is stored once (Nats-Msg-Id = eventId)', async () => {
    const js = jetstream(nc);
    const before = await streamCount();
    const envelope = {
      eventId: randomUUID(),
      type: RehabEvents.facilityRegistered.subject,
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'rehab',
      regionCode: '31.72',
      correlationId: 'crash-test',
      payload: { facilityId: randomUUID(), kind: 'clinic', name: 'Twice', regionCode: '31.72' },
    };
    const subject = ns.names.subject(RehabEvents.facilityRegistered.subject);
    const first = await js.publish(subject, JSON.stringify(envelope), { msgID: envelope.eventId });
    const second = await js.publish(subject, JSON.stringify(envelope), { msgID: envelope.eventId });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(await streamCount()).toBe(before + 1);
  });
});

describe('durable consumer with inbox', () => {
  function consumerFor(name: string, maxDeliveries = 3) {
    return new JetStreamEventConsumer(
      {
        consumer: name,
        producer: 'rehab',
        filterSubject: 'rehab.facility.>',
        maxDeliveries,
        ...perEvent({
          [RehabEvents.facilityRegistered.subject]: async (em, event) => {
            const name = String((event.payload as { name: string }).name);
            if (name.startsWith('poison')) throw new Error('this event can never be applied');
            await em.execute('insert into applied (event_id, name) values (?, ?)', [event.eventId, name]);
          },
        }),
      },
      orm,
      jetstream(nc),
      jsm,
      ns.names,
      logger,
    );
  }

  async function publish(name: string, eventId = randomUUID(), msgId = eventId) {
    const envelope = {
      eventId,
      type: RehabEvents.facilityRegistered.subject,
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'rehab',
      regionCode: '31.72',
      correlationId: `consumer-${name}`,
      payload: { facilityId: randomUUID(), kind: 'clinic', name, regionCode: '31.72' },
    };
    await jetstream(nc).publish(ns.names.subject(RehabEvents.facilityRegistered.subject), JSON.stringify(envelope), {
      msgID: msgId,
    });
    return eventId;
  }

  it('applies an event delivered twice exactly once, and acknowledges both', async () => {
    const consumer = consumerFor('dedupe');
    await consumer.provision();
    const eventId = await publish('dup-a');
    // The same event again under another message id: JetStream cannot drop it, the inbox must.
    await publish('dup-a', eventId, `${eventId}-again`);
    consumer.start();
    await eventually(async () => {
      expect(consumer.stats.duplicates).toBeGreaterThanOrEqual(1);
      expect(await consumer.lag()).toBe(0);
    });
    await consumer.stop();
    const rows = await queryDb(ns.databaseUrl('reporting'), 'select * from applied where event_id = $1', [eventId]);
    expect(rows).toHaveLength(1);
  });

  it('dead-letters a poison event after its bounded deliveries and keeps the stream flowing', async () => {
    const consumer = consumerFor('poison', 3);
    await consumer.provision();
    const poisonId = await publish('poison-1');
    const afterId = await publish('healthy-after-poison');
    consumer.start();
    await eventually(
      async () => {
        const dead = await queryDb<{ event_id: string; deliveries: number; consumer: string }>(
          ns.databaseUrl('reporting'),
          'select event_id, deliveries, consumer from dead_letter where event_id = $1',
          [poisonId],
        );
        expect(dead).toEqual([{ event_id: poisonId, deliveries: 3, consumer: 'poison' }]);
      },
      { timeoutMs: 20_000 },
    );
    await eventually(async () => {
      const rows = await queryDb(ns.databaseUrl('reporting'), 'select * from applied where event_id = $1', [afterId]);
      expect(rows).toHaveLength(1);
    });
    await consumer.stop();
    const dlq = await jsm.streams.info(ns.names.stream('dlq'));
    expect(dlq.state.messages).toBeGreaterThanOrEqual(1);
    const stored = await jsm.streams.getMessage(ns.names.stream('dlq'), {
      last_by_subj: ns.names.deadLetterSubject('poison', RehabEvents.facilityRegistered.subject),
    });
    expect(stored?.json<{ eventId: string }>().eventId).toBe(poisonId);
  });

  it(
    'applies, within the ack wait, an event the broker handed out that never reached it',
    async () => {
      // What a broker restart does to a pull in flight: the server counts the message delivered,
      // the connection drops before it arrives. Here another client takes it and never acks.
      const consumer = consumerFor('lost-in-flight');
      await consumer.provision();
      const eventId = await publish('lost-in-flight');
      const durable = await jetstream(nc).consumers.get(
        ns.names.stream('rehab'),
        ns.names.durable('lost-in-flight', 'rehab'),
      );
      // Earlier tests' events come first (the durable starts at the stream's head): they are
      // acked and left aside; ours is taken and never acked.
      let taken: string | undefined;
      for (let i = 0; i < 50 && taken !== eventId; i++) {
        const message = await durable.next({ expires: 5000 });
        taken = message?.json<{ eventId: string }>().eventId;
        if (taken !== eventId) message?.ack();
      }
      expect(taken).toBe(eventId);
      const start = Date.now();
      consumer.start();
      await eventually(
        async () => {
          const rows = await queryDb(ns.databaseUrl('reporting'), 'select * from applied where event_id = $1', [
            eventId,
          ]);
          expect(rows).toHaveLength(1);
        },
        { timeoutMs: ACK_WAIT_MS + 15_000 },
      );
      expect(Date.now() - start).toBeGreaterThanOrEqual(ACK_WAIT_MS - 2_000); // it was redelivered, not read twice
      await consumer.stop();
    },
    ACK_WAIT_MS + 30_000,
  );

  it('dead-letters a message that is not an event at once', async () => {
    const consumer = consumerFor('garbage', 5);
    await consumer.provision();
    await jetstream(nc).publish(ns.names.subject('rehab.facility.registered.v1'), 'not json at all');
    consumer.start();
    await eventually(async () => {
      const dead = await queryDb<{ deliveries: number }>(
        ns.databaseUrl('reporting'),
        `select deliveries from dead_letter where consumer = 'garbage' and data = 'not json at all'`,
      );
      expect(dead).toEqual([{ deliveries: 1 }]);
    });
    await consumer.stop();
  });
});

describe('consumer provisioning', () => {
  it('narrows a durable consumer whose filter was left wider than declared, and sets its ack wait', async () => {
    const durable = ns.names.durable('narrow', 'rehab');
    await jsm.consumers.add(ns.names.stream('rehab'), {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: ns.names.subject('rehab.>'),
    });
    const consumer = new JetStreamEventConsumer(
      { consumer: 'narrow', producer: 'rehab', filterSubject: 'rehab.assessment.completed.v1', ...perEvent({}) },
      orm,
      jetstream(nc),
      jsm,
      ns.names,
      logger,
    );
    await consumer.provision();
    const info = await jsm.consumers.info(ns.names.stream('rehab'), durable);
    expect(info.config.filter_subject).toBe(ns.names.subject('rehab.assessment.completed.v1'));
    expect(info.config.ack_wait).toBe(ACK_WAIT_MS * 1_000_000); // created with JetStream's default, 30 s
  });
});
