import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@sinergi/runtime';
import { PreventionModule } from './prevention.module.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const PREVENTION_ENTITIES: Array<new () => object> = [];

export const preventionMigrations = {
  migrationsPath: join(appRoot, 'dist', 'migrations'),
  migrationsPathTs: join(appRoot, 'src', 'migrations'),
};

export function preventionService(): ServiceDefinition {
  return {
    service: 'prevention',
    module: PreventionModule,
    entities: PREVENTION_ENTITIES,
    ...preventionMigrations,
    handlers: [],
    produces: true,
  };
}
