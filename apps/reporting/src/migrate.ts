import 'reflect-metadata';
import { runMigrateCli } from '@sinergi/runtime';
import { REPORTING_ENTITIES, reportingMigrations } from './reporting.service.js';

// The sign-off chain's audit: reporting may add to it and read it, never change it.
await runMigrateCli({
  service: 'reporting',
  entities: REPORTING_ENTITIES,
  ...reportingMigrations,
  appendOnly: ['approval_step'],
});
