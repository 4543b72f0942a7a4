import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Type } from '@nestjs/common';
import { subscriptionOf } from '@sinergi/contracts';
import { type ConsumerDefinition, perEvent, type ServiceDefinition } from '@sinergi/runtime';
import { AdmissionRecord } from './admissions/admission.entity.js';
import { AdmissionsHandlers } from './admissions/admissions.handlers.js';
import { AftercareRecord, FollowUpRecord } from './aftercare/aftercare.entity.js';
import { AftercareHandlers } from './aftercare/aftercare.handlers.js';
import { AssessmentRecord } from './assessments/assessment.entity.js';
import { AssessmentsHandlers } from './assessments/assessments.handlers.js';
import { AuditHandlers } from './audit/audit.handlers.js';
import { IdentityAuditRecord } from './audit/identity-audit.entity.js';
import { CertificateRecord } from './certificates/certificate.entity.js';
import { CertificatesHandlers } from './certificates/certificates.handlers.js';
import { ClientRecord } from './clients/client.entity.js';
import { ClientsHandlers } from './clients/clients.handlers.js';
import type { RehabConfig } from './config.js';
import { FacilitiesHandlers } from './facilities/facilities.handlers.js';
import { FacilityRecord } from './facilities/facility.entity.js';
import { RehabModule } from './rehab.module.js';

const here = dirname(fileURLToPath(import.meta.url));
const appRoot = join(here, '..');

export const REHAB_ENTITIES = [
  FacilityRecord,
  ClientRecord,
  AdmissionRecord,
  AftercareRecord,
  FollowUpRecord,
  CertificateRecord,
  AssessmentRecord,
  IdentityAuditRecord,
];

export const rehabMigrations = {
  migrationsPath: join(appRoot, 'dist', 'migrations'),
  migrationsPathTs: join(appRoot, 'src', 'migrations'),
};

/**
 * Rehab's one window on enforcement: a durable consumer filtered to exactly the
 * integrated-assessment request, so no case, suspect or evidence event ever reaches rehab.
 */
export function rehabConsumers(get: <T>(type: Type<T>) => T): ConsumerDefinition[] {
  return [
    {
      ...subscriptionOf('rehab', 'enforcement'),
      ...perEvent(get(AssessmentsHandlers).eventHandlers()),
    },
  ];
}

export function rehabService(config: RehabConfig): ServiceDefinition {
  return {
    service: 'rehab',
    module: RehabModule.forConfig(config) as never,
    entities: REHAB_ENTITIES,
    ...rehabMigrations,
    handlers: [
      FacilitiesHandlers,
      ClientsHandlers,
      AdmissionsHandlers,
      AftercareHandlers,
      CertificatesHandlers,
      AssessmentsHandlers,
      AuditHandlers,
    ],
    consumers: rehabConsumers,
    produces: true,
  };
}
