import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@sinergi/runtime';
import { AdmissionRecord } from './admissions/admission.entity.js';
import { AdmissionsHandlers } from './admissions/admissions.handlers.js';
import { ClientRecord } from './clients/client.entity.js';
import { ClientsHandlers } from './clients/clients.handlers.js';
import type { RehabConfig } from './config.js';
import { FacilitiesHandlers } from './facilities/facilities.handlers.js';
import { FacilityRecord } from './facilities/facility.entity.js';
import { RehabModule } from './rehab.module.js';

const here = dirname(fileURLToPath(import.meta.url));
const appRoot = join(here, '..');

export const REHAB_ENTITIES = [FacilityRecord, ClientRecord, AdmissionRecord];

export const rehabMigrations = {
  migrationsPath: join(appRoot, 'dist', 'migrations'),
  migrationsPathTs: join(appRoot, 'src', 'migrations'),
};

export function rehabService(config: RehabConfig): ServiceDefinition {
  return {
    service: 'rehab',
    module: RehabModule.forConfig(config) as never,
    entities: REHAB_ENTITIES,
    ...rehabMigrations,
    handlers: [FacilitiesHandlers, ClientsHandlers, AdmissionsHandlers],
    produces: true,
  };
}
