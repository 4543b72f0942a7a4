// P2 (issues #6 and #8): projection ingest. BENCH_P2_EVENTS (default 20,000) rehab.client.admitted
// events (the contract's current version) in the namespace's REHAB stream, applied by the real
// set-based JetStreamEventConsumer wired exactly as the reporting service wires it
// (apps/reporting/src/reporting.service.ts: subscriptionOf('reporting', 'rehab') +
// new ProjectionWriter().applier(new RehabProjection(referralLink).projectors()), default batch
// size): what arrives together is one transaction (one multi-row inbox insert, the batch's
// coordination rows, facts and aggregate deltas set-based, commit, then acks). Against a raw
// durable pull consumer doing fetch + ack of the same messages with the same fetch size.
// Goal: the projection ≥ 50 % of the raw rate. The namespace's own broker runs the shipped
// permissions: the events are published as rehab's broker user, the projection consumes as
// reporting's (its declared durable, as the service does), and the raw baseline's extra durables
// are the admin user's (only admin may create consumers a service has not declared). The same raw
// pull is also run as reporting's user on its own durable (`baselineAsReporting`): the broker's
// cost for that user, whose permissions include allow_responses.
// Afterwards the aggregates are checked against a GROUP BY over the facts (aggregateDifferences).
// Where the time goes is recorded too (`breakdown`): the bench's own MikroORM connection is timed
// per statement, begin and commit (instance methods wrapped in this process, nothing changed in
// the code under test); JSON + zod parsing and the projectors are timed offline on the same
// messages. BENCH_P2_CPU_PROFILE=1 also takes a V8 CPU profile of the projection phase only
// (written next to the result, top functions by self time in the JSON).
// Run: node bench/p2-projection-ingest.mjs (after a build). Writes bench/results/p2-projection-ingest.json.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { MikroORM } from '@mikro-orm/postgresql';
import { anyEventSchema, eventContractFor, Headers, RehabEvents, subscriptionOf } from '@sinergi/contracts';
import * as runtime from '@sinergi/runtime';
import { TestNamespace } from '@sinergi/runtime/testing';
import { REPORTING_ENTITIES, reportingMigrations } from '../apps/reporting/dist/reporting.service.js';
import { aggregateDifferences } from '../apps/reporting/dist/projections/aggregates.js';
import { ProjectionWriter } from '../apps/reporting/dist/projections/projection.writer.js';
import { RehabProjection } from '../apps/reporting/dist/projections/rehab.projection.js';
import {
  adminClient,
  admittedEnvelope,
  allVillages,
  cpuSeconds,
  cpuSecondsOf,
  log,
  machine,
  RESULTS,
  round,
  sleep,
  summary,
  writeResult,
} from './lib.mjs';

const N = Number(process.env.BENCH_P2_EVENTS ?? 20_000);
const RAW_RUNS = 3;
// JetStreamEventConsumer's default fetch size (ConsumerDefinition.batchSize unset, as the service
// leaves it); the raw consumer fetches the same. Checked against the consumer below.
const BATCH = 1000;
const TIMEOUT_MS = Number(process.env.BENCH_P2_TIMEOUT_MS ?? 240_000);
const CPU_PROFILE = process.env.BENCH_P2_CPU_PROFILE === '1';
const started = performance.now();

const ns = new TestNamespace('bp2');
process.once('SIGTERM', () => {
  ns.cleanup(['reporting']).finally(() => process.exit(143));
});
const names = ns.names;
const { createLogger, JetStreamEventConsumer, ormOptions, ReferralLink, RUNTIME_ENTITIES } = runtime;
const logger = createLogger('bench', 'warn');

/** What a statement is, from its first words (the writer's and the consumer's statements). */
function statementKind(sql) {
  const s = String(sql).replace(/\s+/g, ' ').trim().toLowerCase();
  if (s.startsWith('insert into inbox')) return 'inboxInsert';
  if (s.includes('pg_advisory_xact_lock')) return 'factLocks';
  if (s.startsWith('select id, indicator')) return 'factRead';
  if (s.startsWith('insert into fact_month')) return 'factMonthUpsert';
  if (s.startsWith('insert into fact_district_month')) return 'factDistrictMonthUpsert';
  if (s.startsWith('insert into fact_version')) return 'factVersionUpsert';
  if (s.startsWith('insert into fact ')) return 'factUpsert';
  if (s.startsWith('select case_id')) return 'caseDates';
  if (s.includes('information_schema.columns')) return 'columnTypes';
  const table = /^insert into (\w+)/.exec(s)?.[1];
  if (table) return `rowsUpsert:${table}`;
  return 'other';
}

/**
 * Times every statement, begin and commit on the bench's own MikroORM connection (instance
 * methods of this process's objects; the code under test is unchanged). `prepareMs` is
 * MikroORM inlining the parameters into the SQL text (part of `ms`).
 */
function instrument(connection) {
  const timing = { statements: {}, begin: { n: 0, ms: 0 }, commit: { n: 0, ms: 0 }, enabled: false };
  const add = (kind, ms, prepareMs = 0) => {
    timing.statements[kind] ??= { n: 0, ms: 0, prepareMs: 0 };
    const entry = timing.statements[kind];
    entry.n += 1;
    entry.ms += ms;
    entry.prepareMs += prepareMs;
  };
  const execute = connection.execute.bind(connection);
  const prepareQuery = connection.prepareQuery.bind(connection);
  const begin = connection.begin.bind(connection);
  const commit = connection.commit.bind(connection);
  let lastPrepareMs = 0;
  connection.prepareQuery = (...args) => {
    const s = performance.now();
    const out = prepareQuery(...args);
    lastPrepareMs = performance.now() - s;
    return out;
  };
  connection.execute = async (query, ...rest) => {
    if (!timing.enabled) return execute(query, ...rest);
    const s = performance.now();
    lastPrepareMs = 0;
    try {
      return await execute(query, ...rest);
    } finally {
      add(
        statementKind(typeof query === 'string' ? query : (query?.sql ?? query)),
        performance.now() - s,
        lastPrepareMs,
      );
    }
  };
  connection.begin = async (...args) => {
    if (!timing.enabled) return begin(...args);
    const s = performance.now();
    try {
      return await begin(...args);
    } finally {
      timing.begin.n += 1;
      timing.begin.ms += performance.now() - s;
    }
  };
  connection.commit = async (...args) => {
    if (!timing.enabled) return commit(...args);
    const s = performance.now();
    try {
      return await commit(...args);
    } finally {
      timing.commit.n += 1;
      timing.commit.ms += performance.now() - s;
    }
  };
  return timing;
}

/** The top functions of a V8 CPU profile by self time. */
function topSelf(profile, limit = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = profile.timeDeltas[i] ?? 0;
    const f = node.callFrame;
    const url = f.url
      .replace(/^file:\/\//, '')
      .replace(/.*\/node_modules\//, 'node_modules/')
      .replace(/.*\/work\/main\//, '');
    const key = `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return {
    totalMs: round(total / 1000, 0),
    top: [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([fn, us]) => ({ fn, ms: round(us / 1000, 0), pct: round((us / total) * 100, 1) })),
  };
}

let orm;
let nc;
let rehabNc;
let reportingNc;
let reportingRawNc;
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

  // Publish N envelopes (built with the contract) with Nats-Msg-Id, 1,000 in flight. The texts
  // are kept for the offline parse timing below.
  const villages = allVillages();
  const texts = [];
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
    const text = JSON.stringify(envelope);
    texts.push(text);
    const p = rehabJs
      .publish(names.subject(envelope.type), text, { msgID: envelope.eventId, headers: h })
      .finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 1000) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  const publishMs = performance.now() - t;
  const stored = (await jsm.streams.info(stream)).state.messages;
  if (stored !== N) throw new Error(`stream holds ${stored} messages, expected ${N}`);
  log(`P2: published ${N} events in ${Math.round(publishMs)} ms`);

  // Baseline: a raw durable pull consumer, fetch + ack per message, same fetch size.
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
  const brokerPid = ns.broker.process?.pid ?? 0; // the namespace's nats-server (private in TypeScript)
  const rawNodeCpuBefore = process.cpuUsage();
  const rawNatsCpuBefore = cpuSeconds(brokerPid);
  for (let run = 0; run < RAW_RUNS; run++)
    rawRuns.push(await rawConsume(`${names.durable('benchraw', 'rehab')}_${run}`));
  const rawNodeCpu = process.cpuUsage(rawNodeCpuBefore);
  const rawNatsCpu = cpuSeconds(brokerPid) - rawNatsCpuBefore;
  rawRuns.sort((a, b) => a - b);
  const rawMs = rawRuns[Math.floor(RAW_RUNS / 2)];
  log(`P2: raw pull consume ${rawRuns.map((x) => Math.round(x)).join(' / ')} ms`);

  // The real thing, as reporting.service.ts wires it: the rehab subscription, the writer's applier
  // over the rehab projectors (REFERRAL_LINK_KEY as the service is given it), default batch size.
  orm = await MikroORM.init(
    ormOptions({
      url: databaseUrl,
      entities: [...RUNTIME_ENTITIES, ...REPORTING_ENTITIES],
      ...reportingMigrations,
      logger,
    }),
  );
  const timing = instrument(orm.em.getConnection());
  const db = await adminClient(databaseUrl);
  const commitsBefore = Number(
    (await db.query('select xact_commit from pg_stat_database where datname = current_database()')).rows[0].xact_commit,
  );
  const projection = new RehabProjection(new ReferralLink(ns.referralLinkKey));
  const writer = new ProjectionWriter();
  const definition = { ...subscriptionOf('reporting', 'rehab'), ...writer.applier(projection.projectors()) };
  // The batch sizes the apply saw (fresh events per transaction) and its time: one push and two
  // clock reads per batch.
  const applied = { sizes: [], ms: [] };
  const apply = definition.apply;
  definition.apply = async (tx, events) => {
    const s = performance.now();
    try {
      return await apply(tx, events);
    } finally {
      applied.ms.push(performance.now() - s);
      applied.sizes.push(events.length);
    }
  };
  // As reporting's broker user, the way the reporting service runs it.
  reportingNc = await ns.broker.connect('reporting');
  const consumer = new JetStreamEventConsumer(
    definition,
    orm,
    jetstream(reportingNc, { timeout: 10_000 }),
    await jetstreamManager(reportingNc),
    names,
    logger,
  );
  // Messages handed to processBatch together (what arrived together) and its wall time.
  const arrived = { sizes: [], ms: [] };
  const processBatch = consumer.processBatch.bind(consumer);
  consumer.processBatch = async (messages) => {
    const s = performance.now();
    try {
      return await processBatch(messages);
    } finally {
      arrived.ms.push(performance.now() - s);
      arrived.sizes.push(messages.length);
    }
  };
  const consumerBatchSize = consumer.batchSize; // private in TypeScript, readable here
  if (consumerBatchSize !== BATCH) log(`P2: note: the consumer fetches ${consumerBatchSize}, the raw pull ${BATCH}`);

  // The same raw pull as reporting's broker user, on reporting's own durable (created by the
  // consumer's provision(), so with its configuration), deleted by admin afterwards: what the
  // broker costs the projection's user before anything is applied (its permissions include
  // allow_responses, for answering RPC requests).
  // Connections of its own: nats-server keeps per-connection state for allow_responses (a reply
  // permission per delivered message, and it grows), which must not carry over from run to run or
  // into the projection's connection.
  const durable = names.durable('reporting', 'rehab');
  const reportingRuns = [];
  const repNodeCpuBefore = process.cpuUsage();
  const repNatsCpuBefore = cpuSeconds(brokerPid);
  for (let run = 0; run < RAW_RUNS; run++) {
    reportingRawNc = await ns.broker.connect('reporting'); // a fresh connection per run, as the projection has
    await consumer.provision();
    const raw = await jetstream(reportingRawNc, { timeout: 10_000 }).consumers.get(stream, durable);
    let seen = 0;
    const s = performance.now();
    while (seen < N && performance.now() - s < TIMEOUT_MS) {
      const batch = await raw.fetch({ max_messages: BATCH, expires: 1000 });
      for await (const message of batch) {
        message.ack();
        seen += 1;
      }
    }
    await reportingRawNc.flush();
    reportingRuns.push(performance.now() - s);
    await reportingRawNc.close();
    reportingRawNc = undefined;
    await jsm.consumers.delete(stream, durable);
    if (seen < N) throw new Error(`raw consumer as reporting saw ${seen} of ${N}`);
  }
  const repNodeCpu = process.cpuUsage(repNodeCpuBefore);
  const repNatsCpu = cpuSeconds(brokerPid) - repNatsCpuBefore;
  reportingRuns.sort((a, b) => a - b);
  const reportingRawMs = reportingRuns[Math.floor(RAW_RUNS / 2)];
  log(`P2: raw pull consume as reporting ${reportingRuns.map((x) => Math.round(x)).join(' / ')} ms`);

  await consumer.provision();
  let session;
  if (CPU_PROFILE) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
  }
  const nodeCpuBefore = process.cpuUsage();
  const pgCpuBefore = cpuSecondsOf('postgres');
  const natsCpuBefore = cpuSeconds(brokerPid);
  timing.enabled = true;
  t = performance.now();
  consumer.start();
  // A failure is a broken build or schema here (nothing is meant to fail): stop at once, not at the timeout.
  while (
    consumer.stats.applied + consumer.stats.duplicates < N &&
    consumer.stats.failures + consumer.stats.deadLettered === 0 &&
    performance.now() - t < TIMEOUT_MS
  )
    await sleep(20);
  const projectionMs = performance.now() - t;
  timing.enabled = false;
  const nodeCpu = process.cpuUsage(nodeCpuBefore);
  const pgCpu = cpuSecondsOf('postgres') - pgCpuBefore;
  const natsCpu = cpuSeconds(brokerPid) - natsCpuBefore;
  let cpuProfile;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = join(RESULTS, 'p2-projection-ingest.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
    cpuProfile = { file, ...topSelf(profile) };
  }
  await consumer.stop();
  const appliedCount = consumer.stats.applied;
  if (appliedCount !== N)
    throw new Error(
      `projection applied ${appliedCount} of ${N} (${JSON.stringify(consumer.stats)}); see the consumer's warnings above`,
    );
  const facts = Number((await db.query('select count(*) as n from fact')).rows[0].n);
  const inbox = Number((await db.query('select count(*) as n from inbox')).rows[0].n);
  const commitsAfter = Number(
    (await db.query('select xact_commit from pg_stat_database where datname = current_database()')).rows[0].xact_commit,
  );
  log(`P2: projection applied ${appliedCount} in ${Math.round(projectionMs)} ms (${facts} facts, ${inbox} inbox rows)`);

  // The aggregates kept by deltas must equal a GROUP BY over the facts.
  t = performance.now();
  const differences = await aggregateDifferences(orm.em.fork(), 20);
  const checkMs = performance.now() - t;
  const aggregateRows = (
    await db.query(
      `select (select count(*) from fact_month) as months, (select count(*) from fact_district_month) as districts,
              (select count(*) from rehab_episode) as episodes, (select count(*) from intervention) as interventions`,
    )
  ).rows[0];
  log(`P2: aggregates vs facts: ${differences.length} differences`);

  // Offline, on the same message texts: what processBatch's parse costs (JSON.parse + the
  // generic envelope + the contract's envelope, as JetStreamEventConsumer.processBatch does),
  // and what the projectors cost (RehabProjection's, as ProjectionWriter.write calls them).
  const projectors = projection.projectors();
  t = performance.now();
  const parsed = texts.map((text) => {
    const event = anyEventSchema.parse(JSON.parse(text));
    eventContractFor(event.type)?.envelope.parse(event);
    return event;
  });
  const parseMs = performance.now() - t;
  t = performance.now();
  const jsonOnly = texts.map((text) => JSON.parse(text)).length;
  const jsonMs = performance.now() - t;
  t = performance.now();
  let projected = 0;
  for (const event of parsed) projected += projectors[event.type](event).facts.length;
  const projectorMs = performance.now() - t;
  if (jsonOnly !== N || projected !== N) throw new Error('offline parse/projector pass saw the wrong count');

  // The cost of one empty transaction and of one single-row inbox transaction on this database.
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
  const projectionRate = appliedCount / (projectionMs / 1000);
  const ratio = projectionRate / rawRate;
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const statementsMs = Object.fromEntries(
    Object.entries(timing.statements)
      .sort(([, a], [, b]) => b.ms - a.ms)
      .map(([k, v]) => [k, { n: v.n, ms: Math.round(v.ms), prepareMs: Math.round(v.prepareMs) }]),
  );
  const inApply = Object.entries(timing.statements)
    .filter(([k]) => k !== 'inboxInsert' && k !== 'other')
    .reduce((a, [, v]) => a + v.ms, 0);
  const applyMs = sum(applied.ms);
  const processMs = sum(arrived.ms);
  const inboxMs = timing.statements.inboxInsert?.ms ?? 0;
  const perEvent = (ms) => round((ms / Math.max(1, appliedCount)) * 1000, 1);
  result = {
    machine: machine(),
    command: `${CPU_PROFILE ? 'BENCH_P2_CPU_PROFILE=1 ' : ''}node bench/p2-projection-ingest.mjs`,
    env: { BENCH_P2_EVENTS: N, ...(CPU_PROFILE ? { BENCH_P2_CPU_PROFILE: 1 } : {}) },
    events: N,
    publish: { ms: Math.round(publishMs), perSecond: Math.round(N / (publishMs / 1000)) },
    baseline: {
      what: `raw durable pull consumer, fetch(${BATCH}) + ack per message (the consumer's default fetch size), median of ${RAW_RUNS}`,
      runsMs: rawRuns.map((x) => Math.round(x)),
      perSecond: Math.round(rawRate),
      cpuSecondsAllRuns: {
        node: round((rawNodeCpu.user + rawNodeCpu.system) / 1e6, 2),
        natsServer: round(rawNatsCpu, 2),
      },
    },
    projection: {
      what: "JetStreamEventConsumer as reporting.service.ts wires it ({ ...subscriptionOf('reporting', 'rehab'), ...new ProjectionWriter().applier(new RehabProjection(referralLink).projectors()) }, broker user reporting, default batch size): set-based, one transaction per batch of what arrived together (one multi-row inbox insert, coordination rows, facts and fact_month / fact_district_month deltas via unnest), acks after commit",
      eventType: RehabEvents.clientAdmitted.subject,
      eventVersion: RehabEvents.clientAdmitted.version,
      ms: Math.round(projectionMs),
      applied: appliedCount,
      perSecond: Math.round(projectionRate),
      factsWritten: facts,
      inboxRows: inbox,
      stats: consumer.stats,
      databaseCommits: commitsAfter - commitsBefore,
      perEventUs: round((projectionMs / Math.max(1, appliedCount)) * 1000, 0),
      fetchSize: consumerBatchSize,
      batches: {
        what: 'arrived: messages handed to processBatch together; applied: fresh events per apply (= per transaction)',
        transactions: applied.sizes.length,
        arrived: { ...summary(arrived.sizes), mean: round(N / Math.max(1, arrived.sizes.length), 1) },
        applied: { ...summary(applied.sizes), mean: round(appliedCount / Math.max(1, applied.sizes.length), 1) },
      },
    },
    check: {
      what: 'aggregateDifferences(em): fact_month and fact_district_month against a GROUP BY over the facts (must be empty)',
      differences: differences.length,
      sample: differences.slice(0, 5),
      ok: differences.length === 0,
      ms: Math.round(checkMs),
      factMonthRows: Number(aggregateRows.months),
      factDistrictMonthRows: Number(aggregateRows.districts),
      rehabEpisodeRows: Number(aggregateRows.episodes),
      interventionRows: Number(aggregateRows.interventions),
    },
    parts: {
      emptyTransactionUs: round(emptyTxUs, 0),
      inboxOnlyTransactionUs: round(inboxTxUs, 0),
    },
    breakdown: {
      what: 'wall ms summed over the projection phase; perEventUs = ms / events applied. statements timed on the connection (ms includes prepareMs = MikroORM inlining parameters into the SQL text); parse and projector timed offline on the same messages',
      projectionMs: Math.round(projectionMs),
      processBatchMs: Math.round(processMs),
      waitingForMessagesMs: Math.round(projectionMs - processMs),
      parseOfflineMs: Math.round(parseMs),
      jsonParseOfflineMs: Math.round(jsonMs),
      zodParseOfflineMs: Math.round(parseMs - jsonMs),
      projectorOfflineMs: Math.round(projectorMs),
      beginMs: Math.round(timing.begin.ms),
      inboxInsertMs: Math.round(inboxMs),
      applyMs: Math.round(applyMs),
      applyStatementsMs: Math.round(inApply),
      applyJsMs: Math.round(applyMs - inApply),
      commitMs: Math.round(timing.commit.ms),
      restOfProcessBatchMs: Math.round(processMs - timing.begin.ms - inboxMs - applyMs - timing.commit.ms),
      statements: statementsMs,
      perEventUs: {
        parse: perEvent(parseMs),
        projector: perEvent(projectorMs),
        inboxInsert: perEvent(inboxMs),
        applyStatements: perEvent(inApply),
        applyJs: perEvent(applyMs - inApply),
        beginCommit: perEvent(timing.begin.ms + timing.commit.ms),
        waiting: perEvent(projectionMs - processMs),
      },
      cpuSeconds: {
        node: round((nodeCpu.user + nodeCpu.system) / 1e6, 2),
        postgres: round(pgCpu, 2),
        natsServer: round(natsCpu, 2),
      },
      ...(cpuProfile ? { cpuProfile } : {}),
    },
    baselineAsReporting: {
      what: `the same raw pull (fetch(${BATCH}) + ack per message) as broker user reporting on its own durable reporting_from_rehab (created by the consumer's provision()), a fresh connection per run, median of ${RAW_RUNS}: the broker's cost for the projection's user`,
      runsMs: reportingRuns.map((x) => Math.round(x)),
      perSecond: Math.round(N / (reportingRawMs / 1000)),
      cpuSecondsAllRuns: {
        node: round((repNodeCpu.user + repNodeCpu.system) / 1e6, 2),
        natsServer: round(repNatsCpu, 2),
      },
    },
    ratioToReportingPull: round(projectionRate / (N / (reportingRawMs / 1000)), 4),
    ratio: round(ratio, 4),
    goal: 'projection ≥ 50 % of raw pull consume',
    met: ratio >= 0.5,
    totalMs: Math.round(performance.now() - started),
  };
} finally {
  await orm?.close(true);
  for (const c of [reportingRawNc, reportingNc, rehabNc, nc]) await c?.close().catch(() => undefined);
  await ns.cleanup(['reporting']);
}
const file = writeResult('p2-projection-ingest', result);
log(`P2: wrote ${file}`);
