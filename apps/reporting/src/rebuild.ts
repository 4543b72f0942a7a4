/**
 * `npm run reporting:rebuild`: drops reporting's projections and replays every domain stream
 * from its first message into them, to the same figures. Safe beside a running reporting
 * service: both pull from the same durable consumers, and every projection write is an upsert.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { subscriptionOf } from '@sinergi/contracts';
import { jetstream } from '@nats-io/jetstream';
import {
  connectNats,
  createLogger,
  JetStreamEventConsumer,
  jetStreamManager,
  loadConfigOrExit,
  NatsNames,
  ormOptions,
  ReferralLink,
  RUNTIME_ENTITIES,
} from '@sinergi/runtime';
import { REPORTING_SECRETS, reportingEnvSchema } from './config.js';
import { EnforcementProjection } from './projections/enforcement.projection.js';
import { PreventionProjection } from './projections/prevention.projection.js';
import { AGGREGATE_TABLES } from './projections/aggregates.js';
import { ProjectionWriter } from './projections/projection.writer.js';
import { RehabProjection } from './projections/rehab.projection.js';
import { REPORTING_ENTITIES, reportingMigrations } from './reporting.service.js';

export const PROJECTION_TABLES = [
  'fact',
  ...AGGREGATE_TABLES,
  'assessment',
  'rehab_episode',
  'aftercare',
  'follow_up',
  'vulnerable_area',
  'vulnerable_area_level',
  'intervention',
  'prison_snapshot',
  'case_ref',
  'reporting_unit',
  'unit_record',
];

const config = loadConfigOrExit(reportingEnvSchema, process.env, REPORTING_SECRETS);
const logger = createLogger('reporting-rebuild', config.LOG_LEVEL);
const names = new NatsNames(config.NATS_PREFIX);
const orm = await MikroORM.init(
  ormOptions({
    url: config.DATABASE_URL,
    entities: [...RUNTIME_ENTITIES, ...REPORTING_ENTITIES],
    ...reportingMigrations,
  }),
);
const nc = await connectNats(config, 'reporting', 'sinergi-reporting-rebuild', logger);
const jsm = await jetStreamManager(nc);
const started = Date.now();
const referrals = new ReferralLink(config.REFERRAL_LINK_KEY);
const writer = new ProjectionWriter();
const sources = [
  { producer: 'rehab' as const, ...writer.applier(new RehabProjection(referrals).projectors()) },
  { producer: 'enforcement' as const, ...writer.applier(new EnforcementProjection(referrals).projectors()) },
  { producer: 'prevention' as const, ...writer.applier(new PreventionProjection().projectors()) },
];

try {
  for (const source of sources) {
    // Deleting the durable makes the next one start again at the stream's first message.
    await jsm.consumers
      .delete(names.stream(source.producer), names.durable('reporting', source.producer))
      .catch(() => false);
  }
  await orm.em.fork().transactional(async (tx) => {
    await tx.execute(`truncate ${PROJECTION_TABLES.join(', ')}`);
    await tx.execute(`delete from inbox where consumer = 'reporting'`);
  });
  const consumers = sources.map(
    (source) =>
      new JetStreamEventConsumer(
        { ...subscriptionOf('reporting', source.producer), types: source.types, apply: source.apply },
        orm,
        jetstream(nc),
        jsm,
        names,
        logger,
      ),
  );
  for (const consumer of consumers) {
    await consumer.provision();
    consumer.start();
  }
  const deadline = Date.now() + 30 * 60 * 1000;
  for (;;) {
    const lags = await Promise.all(consumers.map((c) => c.lag()));
    if (lags.every((lag) => lag === 0)) break;
    if (Date.now() > deadline) throw new Error(`replay did not finish within 30 minutes (lag ${lags.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await Promise.all(consumers.map((c) => c.stop()));
  const applied = consumers.reduce((sum, c) => sum + c.stats.applied, 0);
  const dead = consumers.reduce((sum, c) => sum + c.stats.deadLettered, 0);
  logger.info({ applied, deadLettered: dead, seconds: (Date.now() - started) / 1000 }, 'projections rebuilt');
} catch (error) {
  logger.error({ err: error }, 'rebuild failed');
  process.exitCode = 1;
} finally {
  await nc.drain();
  await orm.close(true);
}
