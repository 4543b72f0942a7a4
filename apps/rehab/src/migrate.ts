import 'reflect-metadata';
import { runMigrateCli } from '@sinergi/runtime';
import { REHAB_ENTITIES, rehabMigrations } from './rehab.service.js';

// Who read which client's identity, and why: rehab may add to it and read it, never change it.
await runMigrateCli({ service: 'rehab', entities: REHAB_ENTITIES, ...rehabMigrations, appendOnly: ['identity_audit'] });
