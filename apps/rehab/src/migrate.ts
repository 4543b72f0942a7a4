import 'reflect-metadata';
import { runMigrateCli } from '@sinergi/runtime';
import { REHAB_ENTITIES, rehabMigrations } from './rehab.service.js';

await runMigrateCli({ service: 'rehab', entities: REHAB_ENTITIES, ...rehabMigrations });
