import { type DynamicModule, Module } from '@nestjs/common';
import { ReferralLink } from '@sinergi/runtime';
import { ApprovalService } from './approvals/approval.service.js';
import { ApprovalsHandlers } from './approvals/approvals.handlers.js';
import { REPORTING_CONFIG, type ReportingConfig } from './config.js';
import { DeadLettersHandlers } from './dead-letters/dead-letters.handlers.js';
import { CoordinationQuery } from './indicators/coordination.query.js';
import { IndicatorQuery } from './indicators/indicator.query.js';
import { PeriodSnapshots } from './indicators/period-snapshot.js';
import { ProvinceSums } from './indicators/province-sums.js';
import { IndicatorsHandlers } from './indicators/indicators.handlers.js';
import { EnforcementProjection } from './projections/enforcement.projection.js';
import { PreventionProjection } from './projections/prevention.projection.js';
import { ProjectionWriter } from './projections/projection.writer.js';
import { PublicationLayer } from './publication/publication.js';
import { RehabProjection } from './projections/rehab.projection.js';
import { VulnerableAreaCoverageHandlers } from './vulnerable-areas/vulnerable-area-coverage.handlers.js';
import { ReferenceFiguresHandlers } from './reference-figures/reference-figures.handlers.js';
import { CoordinationReportBuilder } from './reports/coordination-report.builder.js';
import { ReportQueue } from './reports/report-queue.js';
import { ReportQueueHandlers } from './reports/report-queue.handlers.js';
import { ReportRetention } from './reports/report-retention.js';
import { ReportService } from './reports/report.service.js';
import { ReportsHandlers } from './reports/reports.handlers.js';
import { TdiQuery } from './reports/tdi.query.js';
import { ScheduleService } from './schedules/schedule.service.js';
import { SchedulesHandlers } from './schedules/schedules.handlers.js';
import { TargetsHandlers } from './targets/targets.handlers.js';

@Module({})
export class ReportingModule {
  static forConfig(config: ReportingConfig): DynamicModule {
    return {
      module: ReportingModule,
      providers: [
        { provide: REPORTING_CONFIG, useValue: config },
        { provide: ReferralLink, useValue: new ReferralLink(config.REFERRAL_LINK_KEY) },
        CoordinationQuery,
        IndicatorQuery,
        ProvinceSums,
        PeriodSnapshots,
        IndicatorsHandlers,
        RehabProjection,
        EnforcementProjection,
        PreventionProjection,
        ProjectionWriter,
        PublicationLayer,
        TargetsHandlers,
        ReportQueue,
        ReportQueueHandlers,
        ReportRetention,
        CoordinationReportBuilder,
        ApprovalService,
        ApprovalsHandlers,
        ReportService,
        ReportsHandlers,
        TdiQuery,
        ScheduleService,
        SchedulesHandlers,
        DeadLettersHandlers,
        ReferenceFiguresHandlers,
        VulnerableAreaCoverageHandlers,
      ],
    };
  }
}
