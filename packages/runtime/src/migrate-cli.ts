import type { ServiceName } from '@sinergi/contracts';
import { connect } from '@nats-io/transport-node';
import { connectionOptions } from './broker/connection.js';
import { loadConfigOrExit, MIGRATE_SECRETS, migrateEnvSchema } from './config.js';
import { createMigration, migrateDatabase } from './database.js';
import { createLogger } from './logger.js';
import { NatsNames } from './names.js';
import { jetStreamManager, provisionStreams } from './nats.js';
import { RUNTIME_ENTITIES } from './service-app.js';

export interface MigrationSet {
  service: Exclude<ServiceName, never>;
  entities: Array<new (...args: never[]) => object>;
  migrationsPath: string;
  migrationsPathTs: string;
  /** Tables the service may only read and add to (its audit): database/makeAppendOnly. */
  appendOnly?: readonly string[];
}

/**
 * The migrate command of one service: `migrate` applies committed migrations (creating the role
 * and database first) and makes sure the broker's streams exist, as the broker's admin user;
 * `migrate create [name]` generates a new migration from the entities (developers).
 */
export async function runMigrateCli(
  set: MigrationSet & { service: 'rehab' | 'enforcement' | 'prevention' | 'reporting' },
) {
  const config = loadConfigOrExit(migrateEnvSchema(set.service), process.env, MIGRATE_SECRETS);
  const logger = createLogger(`${set.service}-migrate`, config.LOG_LEVEL);
  const target = { url: config.DATABASE_URL, adminUrl: config.DATABASE_ADMIN_URL };
  const settings = {
    url: config.DATABASE_URL,
    entities: [...RUNTIME_ENTITIES, ...set.entities],
    migrationsPath: set.migrationsPath,
    migrationsPathTs: set.migrationsPathTs,
    logger,
  };
  try {
    if (process.argv[2] === 'create') {
      const result = await createMigration(target, settings, process.argv[3]);
      logger.info({ file: result.fileName }, result.fileName ? 'migration created' : 'no changes');
      return;
    }
    const applied = await migrateDatabase(target, settings, set.appendOnly);
    logger.info({ applied }, `${set.service}: ${applied.length} migration(s) applied`);
    const streams = await provisionBrokerStreams(config);
    logger.info({ streams }, `${set.service}: streams ready`);
  } catch (error) {
    logger.error({ err: error }, `${set.service}: migration failed`);
    process.exitCode = 1;
  }
}

/** The streams every service needs, created or brought up to date with the broker's admin user. */
async function provisionBrokerStreams(config: ReturnType<ReturnType<typeof migrateEnvSchema>['parse']>) {
  // A bounded wait (about 15 s) for a broker that is still starting, then a clear failure.
  const nc = await connect({
    ...connectionOptions({ ...config, NATS_NKEY_SEED: config.NATS_ADMIN_NKEY_SEED }, 'admin', 'sinergi-migrate'),
    waitOnFirstConnect: true,
    maxReconnectAttempts: 30,
    reconnectTimeWait: 500,
  });
  try {
    return await provisionStreams(await jetStreamManager(nc), new NatsNames(config.NATS_PREFIX));
  } finally {
    await nc.close();
  }
}
