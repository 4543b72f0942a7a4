import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@sinergi/runtime';
import { IndicatorsHandlers } from './indicators/indicators.handlers.js';
import { Fact } from './projections/fact.entity.js';
import { RehabProjection } from './projections/rehab.projection.js';
import { ReportingModule } from './reporting.module.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const REPORTING_ENTITIES = [Fact];

export const reportingMigrations = {
  migrationsPath: join(appRoot, 'dist', 'migrations'),
  migrationsPathTs: join(appRoot, 'src', 'migrations'),
};

export function reportingService(): ServiceDefinition {
  return {
    service: 'reporting',
    module: ReportingModule,
    entities: REPORTING_ENTITIES,
    ...reportingMigrations,
    handlers: [IndicatorsHandlers],
    produces: false,
    consumers: (get) => [
      { consumer: 'reporting', producer: 'rehab', filterSubject: 'rehab.>', handlers: get(RehabProjection).handlers() },
    ],
  };
}
