import type { ServiceName } from '@sinergi/contracts';
import { loadConfigOrExit, serviceEnvSchema } from './config.js';
import { createMigration, migrateDatabase } from './database.js';
import { createLogger } from './logger.js';
import { RUNTIME_ENTITIES } from './service-app.js';

export interface MigrationSet {
  service: Exclude<ServiceName, never>;
  entities: Array<new (...args: never[]) => object>;
  migrationsPath: string;
  migrationsPathTs: string;
}

/**
 * The migrate command of one service: `migrate` applies committed migrations (creating the role
 * and database first); `migrate create [name]` generates a new one from the entities (developers).
 */
export async function runMigrateCli(
  set: MigrationSet & { service: 'rehab' | 'enforcement' | 'prevention' | 'reporting' },
) {
  const config = loadConfigOrExit(serviceEnvSchema(set.service));
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
    } else {
      const applied = await migrateDatabase(target, settings);
      logger.info({ applied }, `${set.service}: ${applied.length} migration(s) applied`);
    }
  } catch (error) {
    logger.error({ err: error }, `${set.service}: migration failed`);
    process.exitCode = 1;
  }
}
