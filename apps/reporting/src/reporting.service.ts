import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subscriptionOf } from '@sinergi/contracts';
import type { ServiceDefinition } from '@sinergi/runtime';
import { APPROVAL_ENTITIES } from './approvals/approval.entity.js';
import { ApprovalsHandlers } from './approvals/approvals.handlers.js';
import type { ReportingConfig } from './config.js';
import { DeadLettersHandlers } from './dead-letters/dead-letters.handlers.js';
import { IndicatorsHandlers } from './indicators/indicators.handlers.js';
import { AGGREGATE_ENTITIES } from './projections/aggregates.js';
import { COORDINATION_ENTITIES } from './projections/coordination.entities.js';
import { EnforcementProjection } from './projections/enforcement.projection.js';
import { Fact } from './projections/fact.entity.js';
import { PreventionProjection } from './projections/prevention.projection.js';
import { ReferenceFigureRecord } from './reference-figures/reference-figure.entity.js';
import { VulnerableAreaCoverageHandlers } from './vulnerable-areas/vulnerable-area-coverage.handlers.js';
import { ReferenceFiguresHandlers } from './reference-figures/reference-figures.handlers.js';
import { ProjectionWriter } from './projections/projection.writer.js';
import { RehabProjection } from './projections/rehab.projection.js';
import { ReportingModule } from './reporting.module.js';
import { Report } from './reports/report.entity.js';
import { ReportQueue } from './reports/report-queue.js';
import { ReportQueueHandlers } from './reports/report-queue.handlers.js';
import { ReportRequest } from './reports/report-request.entity.js';
import { ReportsHandlers } from './reports/reports.handlers.js';
import { ScheduleRecord } from './schedules/schedule.entity.js';
import { SchedulesHandlers } from './schedules/schedules.handlers.js';
import { Target } from './targets/target.entity.js';
import { TargetsHandlers } from './targets/targets.handlers.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const REPORTING_ENTITIES = [
  Fact,
  ...AGGREGATE_ENTITIES,
  Target,
  Report,
  ReportRequest,
  ScheduleRecord,
  ...COORDINATION_ENTITIES,
  ...APPROVAL_ENTITIES,
  ReferenceFigureRecord,
];

export const reportingMigrations = {
  migrationsPath: join(appRoot, 'dist', 'migrations'),
  migrationsPathTs: join(appRoot, 'src', 'migrations'),
};

export function reportingService(config: ReportingConfig): ServiceDefinition {
  return {
    service: 'reporting',
    module: ReportingModule.forConfig(config),
    entities: REPORTING_ENTITIES,
    ...reportingMigrations,
    handlers: [
      IndicatorsHandlers,
      TargetsHandlers,
      ReportsHandlers,
      ReportQueueHandlers,
      SchedulesHandlers,
      DeadLettersHandlers,
      ApprovalsHandlers,
      ReferenceFiguresHandlers,
      VulnerableAreaCoverageHandlers,
    ],
    // The sign-off chain's steps (approvals/).
    produces: true,
    consumers: (get) => [
      { ...subscriptionOf('reporting', 'rehab'), ...get(ProjectionWriter).applier(get(RehabProjection).projectors()) },
      {
        ...subscriptionOf('reporting', 'enforcement'),
        ...get(ProjectionWriter).applier(get(EnforcementProjection).projectors()),
      },
      {
        ...subscriptionOf('reporting', 'prevention'),
        ...get(ProjectionWriter).applier(get(PreventionProjection).projectors()),
      },
    ],
    extraChecks: (get) => [{ name: 'redis', check: () => get(ReportQueue).ping() }],
  };
}
