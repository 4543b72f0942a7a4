import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { EntityManager } from '@mikro-orm/postgresql';
import { type JetStreamClient, type JetStreamManager, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { type DynamicModule, Global, Module, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceName } from '@sinergi/contracts';
import { type ConsumerDefinition, DeadLetter, InboxEntry, JetStreamEventConsumer } from './consumer.js';
import { ormOptions } from './database.js';
import { type HealthCheck, runHealthChecks } from './health.js';
import { createLogger, type Logger, NestPinoLogger } from './logger.js';
import { NatsNames } from './names.js';
import type { KeyObject } from 'node:crypto';
import { CallVerifier } from './broker/caller.js';
import { type BrokerSettings, connectNats } from './broker/connection.js';
import { jetStreamManager } from './nats.js';
import { httpRequestDuration, metricsRegistry, registerCollectedGauge } from './metrics.js';
import { Outbox, OutboxMessage, OutboxRelay } from './outbox.js';
import { RegionDirectory } from './regions.js';
import { startTracing, stopTracing } from './tracing.js';
import { RpcServer } from './rpc.js';

export const LOGGER = Symbol('LOGGER');

/** The plumbing tables every service's migrations include. */
export const RUNTIME_ENTITIES = [OutboxMessage, InboxEntry, DeadLetter];

export interface ServiceConfig extends BrokerSettings {
  PORT: number;
  HOST?: string;
  DATABASE_URL: string;
  NATS_PREFIX: string;
  LOG_LEVEL: string;
  /** The gateway's public keys: requests it did not sign are refused. */
  CALLER_KEYS: Map<string, KeyObject>;
}

export interface ServiceDefinition {
  service: ServiceName;
  /** The app's feature module; it may inject MikroORM, EntityManager, Outbox, NatsNames, LOGGER. */
  module: Type | DynamicModule;
  entities: Type[];
  migrationsPath: string;
  migrationsPathTs: string;
  /** Classes with `@RpcRoute` methods, provided by `module`. */
  handlers: Type[];
  /** Durable consumers this service runs; `get` resolves the app's providers for handlers. */
  consumers?: (get: <T>(type: Type<T>) => T) => ConsumerDefinition[];
  /** Whether the service publishes events (stream + relay). */
  produces: boolean;
  extraChecks?: (get: <T>(type: Type<T>) => T) => HealthCheck[];
}

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  orm: MikroORM;
  relay?: OutboxRelay;
  consumers: JetStreamEventConsumer[];
  logger: Logger;
  close(): Promise<void>;
}

class OrmShutdown implements OnApplicationShutdown {
  constructor(private readonly orm: MikroORM) {}
  async onApplicationShutdown() {
    await this.orm.close(true);
  }
}

function runtimeModule(definition: ServiceDefinition, config: ServiceConfig, logger: Logger, nc: NatsConnection) {
  @Global()
  @Module({})
  class RuntimeModule {}
  const names = new NatsNames(config.NATS_PREFIX);
  return {
    module: RuntimeModule,
    global: true,
    providers: [
      {
        provide: MikroORM,
        useFactory: () =>
          MikroORM.init(
            ormOptions({
              url: config.DATABASE_URL,
              entities: [...RUNTIME_ENTITIES, ...definition.entities],
              migrationsPath: definition.migrationsPath,
              migrationsPathTs: definition.migrationsPathTs,
              logger,
            }),
          ),
      },
      { provide: EntityManager, useFactory: (orm: MikroORM) => orm.em, inject: [MikroORM] },
      { provide: OrmShutdown, useFactory: (orm: MikroORM) => new OrmShutdown(orm), inject: [MikroORM] },
      { provide: Outbox, useValue: new Outbox(definition.service) },
      { provide: NatsNames, useValue: names },
      { provide: LOGGER, useValue: logger },
      { provide: RegionDirectory, useFactory: () => RegionDirectory.load() },
      { provide: 'NATS_CONNECTION', useValue: nc },
    ],
    exports: [MikroORM, EntityManager, Outbox, NatsNames, LOGGER, RegionDirectory, 'NATS_CONNECTION'],
  } satisfies DynamicModule;
}

/**
 * Boots one domain service: HTTP health on PORT, request/reply handlers over NATS, the outbox
 * relay and its JetStream consumers. Migrations are not run here: `npm run migrate` does that.
 */
export async function startService(definition: ServiceDefinition, config: ServiceConfig): Promise<RunningService> {
  const logger = createLogger(definition.service, config.LOG_LEVEL);
  startTracing(definition.service);
  const names = new NatsNames(config.NATS_PREFIX);
  // One connection, as this service's own broker user: requests, events and consumers alike.
  const nc = await connectNats(config, definition.service, `sinergi-${definition.service}`, logger);
  const js: JetStreamClient = jetstream(nc, { timeout: 5000 });
  const jsm: JetStreamManager = await jetStreamManager(nc);

  @Module({ imports: [runtimeModule(definition, config, logger, nc), definition.module] })
  class ServiceRoot {}

  const app = await NestFactory.create<NestFastifyApplication>(ServiceRoot, new FastifyAdapter(), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  const orm = app.get(MikroORM) as unknown as MikroORM;
  const get = <T>(type: Type<T>) => app.get(type);

  // Streams exist already: the migrate step creates them (a service may not, by the broker's permissions).
  const relay = definition.produces ? new OutboxRelay(orm, js, names, logger) : undefined;
  relay?.start();

  const consumers = (definition.consumers?.(get) ?? []).map(
    (d) => new JetStreamEventConsumer(d, orm, js, jsm, names, logger),
  );
  for (const consumer of consumers) {
    await consumer.provision();
    consumer.start();
  }

  const checks: HealthCheck[] = [
    { name: 'database', check: async () => void (await orm.em.fork().execute('select 1')) },
    { name: 'nats', check: async () => void (await nc.flush()) },
    { name: 'jetstream', check: async () => void (await jsm.getAccountInfo()) },
    ...(definition.extraChecks?.(get) ?? []),
  ];
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/health/live', async () => ({ status: 'ok', service: definition.service }));
  fastify.get('/health/ready', async (_request, reply) => {
    const report = await runHealthChecks(checks);
    return reply.code(report.status === 'ok' ? 200 : 503).send({ service: definition.service, ...report });
  });
  fastify.get('/health', async () => ({ status: 'ok', service: definition.service }));
  registerServiceMetrics(relay, consumers);
  fastify.get('/metrics', async (_request, reply) =>
    reply.header('content-type', metricsRegistry.contentType).send(await metricsRegistry.metrics()),
  );
  fastify.addHook('onResponse', async (request, reply) => {
    httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.listen(config.PORT, config.HOST ?? '127.0.0.1');
  // Requests are taken once the app is initialised; flush so the broker knows the subscriptions
  // before the service says it is ready.
  const server = new RpcServer(
    definition.handlers.map((h) => app.get(h)),
    {
      nc,
      names,
      queue: `${names.prefix}${definition.service}`,
      verifier: new CallVerifier(config.CALLER_KEYS),
      orm,
      logger,
      afterSuccess: () => relay?.wake(),
    },
  );
  await nc.flush();
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port }, `${definition.service} ready`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await server.close();
      await Promise.all(consumers.map((c) => c.stop()));
      await relay?.stop();
      await app.close();
      await nc.drain().catch(() => undefined);
      await stopTracing();
    })();
    return closing;
  };
  return { app, url: `http://127.0.0.1:${port}`, orm, relay, consumers, logger, close };
}

let serviceMetricsRegistered = false;

/** Outbox backlog and consumer lag, read from the outbox table and JetStream at scrape time. */
function registerServiceMetrics(relay: OutboxRelay | undefined, consumers: JetStreamEventConsumer[]): void {
  if (serviceMetricsRegistered) return;
  serviceMetricsRegistered = true;
  registerCollectedGauge('sinergi_outbox_pending', 'Events committed but not yet published', [], async () =>
    relay ? [{ labels: {}, value: (await relay.backlog()).pending }] : [],
  );
  registerCollectedGauge('sinergi_outbox_oldest_age_seconds', 'Age of the oldest unpublished event', [], async () =>
    relay ? [{ labels: {}, value: (await relay.backlog()).oldestAgeSeconds }] : [],
  );
  registerCollectedGauge(
    'sinergi_consumer_lag',
    'Events not yet applied by a durable consumer',
    ['producer'],
    async () =>
      Promise.all(consumers.map(async (c) => ({ labels: { producer: c.definition.producer }, value: await c.lag() }))),
  );
}

/** For `main.ts`: stop cleanly on SIGINT/SIGTERM. */
export function closeOnSignals(service: { close(): Promise<void>; logger: Logger }): void {
  const stop = (signal: string) => {
    service.logger.info({ signal }, 'stopping');
    service.close().then(
      () => process.exit(0),
      (error) => {
        service.logger.error({ err: error }, 'failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
