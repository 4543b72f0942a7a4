import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Type } from '@nestjs/common';
import { subscriptionOf } from '@sinergi/contracts';
import { type ConsumerDefinition, perEvent, type ServiceDefinition } from '@sinergi/runtime';
import { AssessmentRequestRecord } from './assessments/assessment-request.entity.js';
import { AssessmentsHandlers } from './assessments/assessments.handlers.js';
import { CaseRecord } from './cases/case.entity.js';
import { CasesHandlers } from './cases/cases.handlers.js';
import { EnforcementModule } from './enforcement.module.js';
import { OperationRecord } from './operations/operation.entity.js';
import { OperationsHandlers } from './operations/operations.handlers.js';
import { PrisonSnapshotRecord } from './prison-snapshots/prison-snapshot.entity.js';
import { PrisonSnapshotsHandlers } from './prison-snapshots/prison-snapshots.handlers.js';
import { SeizureRecord } from './seizures/seizure.entity.js';
import { SeizuresHandlers } from './seizures/seizures.handlers.js';
import { SuspectRecord } from './suspects/suspect.entity.js';
import { SuspectsHandlers } from './suspects/suspects.handlers.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const ENFORCEMENT_ENTITIES = [
  CaseRecord,
  SuspectRecord,
  SeizureRecord,
  AssessmentRequestRecord,
  OperationRecord,
  PrisonSnapshotRecord,
];

export const enforcementMigrations = {
  migrationsPath: join(appRoot, 'dist', 'migrations'),
  migrationsPathTs: join(appRoot, 'src', 'migrations'),
};

/**
 * Enforcement's one window on rehab: a durable consumer filtered to the assessment aggregate
 * (the outcome, rehab.assessment.completed.v1, and the overdue notice, rehab.assessment.overdue.v1),
 * so no other rehab event (admissions, clients) ever reaches it.
 */
export function enforcementConsumers(get: <T>(type: Type<T>) => T): ConsumerDefinition[] {
  return [
    {
      ...subscriptionOf('enforcement', 'rehab'),
      ...perEvent(get(AssessmentsHandlers).eventHandlers()),
    },
  ];
}

export function enforcementService(): ServiceDefinition {
  return {
    service: 'enforcement',
    module: EnforcementModule,
    entities: ENFORCEMENT_ENTITIES,
    ...enforcementMigrations,
    handlers: [
      CasesHandlers,
      SuspectsHandlers,
      SeizuresHandlers,
      AssessmentsHandlers,
      OperationsHandlers,
      PrisonSnapshotsHandlers,
    ],
    consumers: enforcementConsumers,
    produces: true,
  };
}
