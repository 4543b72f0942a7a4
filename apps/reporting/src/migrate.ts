import 'reflect-metadata';
import { runMigrateCli } from '@sinergi/runtime';
import { REPORTING_ENTITIES, reportingMigrations } from './reporting.service.js';

await runMigrateCli({ service: 'reporting', entities: REPORTING_ENTITIES, ...reportingMigrations });
