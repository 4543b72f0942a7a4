// P2 (issues #6 and #8): projection ingest. BENCH_P2_EVENTS (default 20,000; 50,000 take 2.5 min
// here) rehab.client.admitted events (the contract's current version) in the namespace's REHAB
// stream, applied by the real JetStreamEventConsumer with the real reporting handlers
// (RehabProjection, inbox de-dup included), against a raw durable pull consumer doing fetch + ack
// of the same messages.
// Goal: the projection ≥ 50 % of the raw rate. The namespace's own broker runs the shipped
// permissions: the events are published as rehab's broker user, the projection consumes as
// reporting's (its declared durable, as the service does), and the raw baseline's extra durables
// are the admin user's (only admin may create consumers a service has not declared).
// Run: node bench/p2-projection-ingest.mjs (after a build). Writes bench/results/p2-projection-ingest.json.
import 'reflect-metadata';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Headers, RehabEvents } from '@sinergi/contracts';
import * as runtime from '@sinergi/runtime';
import { TestNamespace } from '@sinergi/runtime/testing';
import { REPORTING_ENTITIES, reportingMigrations } from '../apps/reporting/dist/reporting.service.js';
import { RehabProjection } from '../apps/reporting/dist/projections/rehab.projection.js';
import { adminClient, admittedEnvelope, allVillages, log, machine, round, sleep, writeResult } from './lib.mjs';

const N = Number(process.env.BENCH_P2_EVENTS ?? 20_000);
const RAW_RUNS = 3;
const BATCH = 100; // JetStreamEventConsumer's default fetch size; the raw consumer fetches the same
const TIMEOUT_MS = Number(process.env.BENCH_P2_TIMEOUT_MS ?? 240_000);
const started = performance.now();

const ns = new TestNamespace('bp2');
process.once('SIGTERM', () => {
  ns.cleanup(['reporting']).finally(() => process.exit(143));
});
const names = ns.names;
const { createLogger, JetStreamEventConsumer, ormOptions, RUNTIME_ENTITIES } = runtime;
const logger = createLogger('bench', 'warn');
// The projection takes the referral-link key where the runtime has one (REFERRAL_LINK_KEY, as the
// reporting service is given it); the bench's admissions are no referrals, so it is never used.
const referrals = runtime.ReferralLink ? new runtime.ReferralLink(ns.referralLinkKey) : undefined;
let orm;
let nc;
let rehabNc;
let reportingNc;
let result;
try {
  await ns.start();
  // The migrate step: reporting's database, and the broker's streams (REHAB, DLQ, ...) as admin.
  ns.migrate(['reporting']);
  const databaseUrl = ns.databaseUrl('reporting');
  nc = await ns.broker.connect('admin');
  const js = jetstream(nc, { timeout: 10_000 });
  const jsm = await jetstreamManager(nc);
  const stream = names.stream('rehab');
  rehabNc = await ns.broker.connect('rehab');
  const rehabJs = jetstream(rehabNc, { timeout: 10_000 });

  // Publish N envelopes (built with the contract) with Nats-Msg-Id, 1,000 in flight.
  const villages = allVillages();
  let t = performance.now();
  const inflight = new Set();
  for (let i = 0; i < N; i++) {
    const envelope = admittedEnvelope(
      villages[(i * 7919) % villages.length],
      i,
      `2024-${String((i % 12) + 1).padStart(2, '0')}-15`,
    );
    const h = natsHeaders();
    h.set(Headers.correlationId, envelope.correlationId);
    const p = rehabJs
      .publish(names.subject(envelope.type), JSON.stringify(envelope), { msgID: envelope.eventId, headers: h })
      .finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 1000) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  const publishMs = performance.now() - t;
  const stored = (await jsm.streams.info(stream)).state.messages;
  if (stored !== N) throw new Error(`stream holds ${stored} messages, expected ${N}`);
  log(`P2: published ${N} events in ${Math.round(publishMs)} ms`);

  // Baseline: a raw durable pull consumer, fetch + ack per message, same batch size.
  async function rawConsume(durable) {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: names.subject('rehab.>'),
      max_ack_pending: 10_000,
    });
    const consumer = await js.consumers.get(stream, durable);
    let seen = 0;
    const s = performance.now();
    while (seen < N && performance.now() - s < TIMEOUT_MS) {
      const batch = await consumer.fetch({ max_messages: BATCH, expires: 1000 });
      for await (const message of batch) {
        message.ack();
        seen += 1;
      }
    }
    await nc.flush();
    const ms = performance.now() - s;
    await jsm.consumers.delete(stream, durable);
    if (seen < N) throw new Error(`raw consumer saw ${seen} of ${N}`);
    return ms;
  }
  const rawRuns = [];
  for (let run = 0; run < RAW_RUNS; run++)
    rawRuns.push(await rawConsume(`${names.durable('benchraw', 'rehab')}_${run}`));
  rawRuns.sort((a, b) => a - b);
  const rawMs = rawRuns[Math.floor(RAW_RUNS / 2)];
  log(`P2: raw pull consume ${rawRuns.map((x) => Math.round(x)).join(' / ')} ms`);

  // The real thing: JetStreamEventConsumer + RehabProjection handlers on the reporting schema.
  orm = await MikroORM.init(
    ormOptions({
      url: databaseUrl,
      entities: [...RUNTIME_ENTITIES, ...REPORTING_ENTITIES],
      ...reportingMigrations,
      logger,
    }),
  );
  const db = await adminClient(databaseUrl);
  const commitsBefore = Number(
    (await db.query('select xact_commit from pg_stat_database where datname = current_database()')).rows[0].xact_commit,
  );
  // As reporting's broker user, the way the reporting service runs it.
  reportingNc = await ns.broker.connect('reporting');
  const consumer = new JetStreamEventConsumer(
    {
      consumer: 'reporting',
      producer: 'rehab',
      filterSubject: 'rehab.>',
      handlers: new RehabProjection(referrals).handlers(),
    },
    orm,
    jetstream(reportingNc, { timeout: 10_000 }),
    await jetstreamManager(reportingNc),
    names,
    logger,
  );
  await consumer.provision();
  t = performance.now();
  consumer.start();
  while (consumer.stats.applied + consumer.stats.duplicates < N && performance.now() - t < TIMEOUT_MS) await sleep(20);
  const projectionMs = performance.now() - t;
  await consumer.stop();
  const applied = consumer.stats.applied;
  const facts = Number((await db.query('select count(*) as n from fact')).rows[0].n);
  const inbox = Number((await db.query('select count(*) as n from inbox')).rows[0].n);
  const commitsAfter = Number(
    (await db.query('select xact_commit from pg_stat_database where datname = current_database()')).rows[0].xact_commit,
  );
  log(`P2: projection applied ${applied} in ${Math.round(projectionMs)} ms (${facts} facts, ${inbox} inbox rows)`);

  // Where the time goes: the cost of one empty transaction and of one inbox-only transaction
  // on this database (the projection does one transaction per event with 3 statements inside).
  const em = orm.em.fork();
  const M = 500;
  t = performance.now();
  for (let i = 0; i < M; i++) await em.fork().transactional((tx) => tx.execute('select 1'));
  const emptyTxUs = ((performance.now() - t) / M) * 1000;
  t = performance.now();
  for (let i = 0; i < M; i++)
    await em.fork().transactional((tx) =>
      tx.execute(
        `insert into inbox (event_id, consumer, subject, applied_at) values (gen_random_uuid(), 'probe', 'probe', now())
         on conflict (event_id) do nothing returning event_id`,
      ),
    );
  const inboxTxUs = ((performance.now() - t) / M) * 1000;
  await db.end();

  const rawRate = N / (rawMs / 1000);
  const projectionRate = applied / (projectionMs / 1000);
  const ratio = projectionRate / rawRate;
  result = {
    machine: machine(),
    command: 'node bench/p2-projection-ingest.mjs',
    env: { BENCH_P2_EVENTS: N },
    events: N,
    publish: { ms: Math.round(publishMs), perSecond: Math.round(N / (publishMs / 1000)) },
    baseline: {
      what: `raw durable pull consumer, fetch(${BATCH}) + ack per message, median of ${RAW_RUNS}`,
      runsMs: rawRuns.map((x) => Math.round(x)),
      perSecond: Math.round(rawRate),
    },
    projection: {
      what: 'JetStreamEventConsumer + new RehabProjection().handlers(), inbox de-dup, one transaction per event',
      eventType: RehabEvents.clientAdmitted.subject,
      ms: Math.round(projectionMs),
      applied,
      perSecond: Math.round(projectionRate),
      factsWritten: facts,
      inboxRows: inbox,
      stats: consumer.stats,
      databaseCommits: commitsAfter - commitsBefore,
      perEventUs: round((projectionMs / Math.max(1, applied)) * 1000, 0),
    },
    parts: {
      emptyTransactionUs: round(emptyTxUs, 0),
      inboxOnlyTransactionUs: round(inboxTxUs, 0),
    },
    ratio: round(ratio, 4),
    goal: 'projection ≥ 50 % of raw pull consume',
    met: ratio >= 0.5,
    totalMs: Math.round(performance.now() - started),
  };
} finally {
  await orm?.close(true);
  for (const c of [reportingNc, rehabNc, nc]) await c?.close().catch(() => undefined);
  await ns.cleanup(['reporting']);
}
const file = writeResult('p2-projection-ingest', result);
log(`P2: wrote ${file}`);
