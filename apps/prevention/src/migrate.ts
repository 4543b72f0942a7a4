import 'reflect-metadata';
import { runMigrateCli } from '@sinergi/runtime';
import { PREVENTION_ENTITIES, preventionMigrations } from './prevention.service.js';

await runMigrateCli({ service: 'prevention', entities: PREVENTION_ENTITIES, ...preventionMigrations });
