import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@sinergi/runtime';
import { EnforcementModule } from './enforcement.module.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const ENFORCEMENT_ENTITIES: Array<new () => object> = [];

export const enforcementMigrations = {
  migrationsPath: join(appRoot, 'dist', 'migrations'),
  migrationsPathTs: join(appRoot, 'src', 'migrations'),
};

export function enforcementService(): ServiceDefinition {
  return {
    service: 'enforcement',
    module: EnforcementModule,
    entities: ENFORCEMENT_ENTITIES,
    ...enforcementMigrations,
    handlers: [],
    produces: true,
  };
}
