import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@sinergi/runtime';
import { ActivitiesHandlers } from './activities/activities.handlers.js';
import { ActivityImportRow, ActivityRecord } from './activities/activity.entity.js';
import { BersinarVillageRecord } from './bersinar-villages/bersinar-village.entity.js';
import { BersinarVillagesHandlers } from './bersinar-villages/bersinar-villages.handlers.js';
import { PreventionModule } from './prevention.module.js';
import { TrainingRecord } from './trainings/training.entity.js';
import { TrainingsHandlers } from './trainings/trainings.handlers.js';
import { RiskAssessmentRecord, VulnerableAreaRecord } from './vulnerable-areas/vulnerable-area.entity.js';
import { VulnerableAreasHandlers } from './vulnerable-areas/vulnerable-areas.handlers.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const PREVENTION_ENTITIES = [
  ActivityRecord,
  ActivityImportRow,
  VulnerableAreaRecord,
  RiskAssessmentRecord,
  BersinarVillageRecord,
  TrainingRecord,
];

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
    handlers: [ActivitiesHandlers, VulnerableAreasHandlers, BersinarVillagesHandlers, TrainingsHandlers],
    produces: true,
  };
}
