import 'reflect-metadata';
import { runMigrateCli } from '@sinergi/runtime';
import { ENFORCEMENT_ENTITIES, enforcementMigrations } from './enforcement.service.js';

await runMigrateCli({ service: 'enforcement', entities: ENFORCEMENT_ENTITIES, ...enforcementMigrations });
