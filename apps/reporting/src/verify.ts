/**
 * `npm run reporting:verify`: checks that the aggregates every read rolls up equal a GROUP BY
 * over the facts (apps/reporting/src/projections/aggregates.ts). Prints each difference and
 * exits 1 when there is one.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, loadConfigOrExit, ormOptions, RUNTIME_ENTITIES } from '@sinergi/runtime';
import { REPORTING_SECRETS, reportingEnvSchema } from './config.js';
import { aggregateDifferences } from './projections/aggregates.js';
import { REPORTING_ENTITIES, reportingMigrations } from './reporting.service.js';

const config = loadConfigOrExit(reportingEnvSchema, process.env, REPORTING_SECRETS);
const logger = createLogger('reporting-verify', config.LOG_LEVEL);
const orm = await MikroORM.init(
  ormOptions({
    url: config.DATABASE_URL,
    entities: [...RUNTIME_ENTITIES, ...REPORTING_ENTITIES],
    ...reportingMigrations,
  }),
);
try {
  const em = orm.em.fork();
  const [counts] = await em.execute<{ facts: string; months: string; districts: string }[]>(
    `select (select count(*) from fact) as facts, (select count(*) from fact_month) as months,
            (select count(*) from fact_district_month) as districts`,
  );
  const differences = await aggregateDifferences(em, 50);
  for (const difference of differences) logger.error({ difference }, 'aggregate differs from the facts');
  if (differences.length > 0) process.exitCode = 1;
  else logger.info({ ...counts }, 'aggregates equal a GROUP BY over the facts');
} catch (error) {
  logger.error({ err: error }, 'verify failed');
  process.exitCode = 1;
} finally {
  await orm.close(true);
}
