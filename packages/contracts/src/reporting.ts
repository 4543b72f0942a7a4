import { z } from 'zod';
import { pageQuerySchema, pageSchema, uuidSchema } from './common.js';
import { regionCodeSchema } from './regions.js';
import { defineRpc } from './rpc.js';

/** Codes of the indicator catalogue (apps/reporting/src/indicators/catalogue.ts); reporting computes each of them. */
export const INDICATOR_CODES = [
  'rehab.admissions',
  'rehab.completed',
  'rehab.dropped_out',
  'rehab.aftercare_clients',
  'rehab.aftercare_coverage',
  'rehab.skhpn_issued',
  'enforcement.cases',
  'enforcement.suspects',
  'enforcement.seized',
  'enforcement.operations',
  'enforcement.people_tested',
  'enforcement.operation_positives',
  'enforcement.prison_occupancy_rate',
  'enforcement.prison_narcotics_share',
  'coordination.assessments_requested',
  'coordination.assessments_completed',
  'coordination.assessment_turnaround_days',
  'coordination.assessments_within_limit_pct',
  'coordination.referral_admission_rate',
  'coordination.overdue_follow_ups',
  'prevention.activities',
  'prevention.participants',
  'prevention.digital_reach',
  'prevention.bersinar_villages',
  'prevention.activists_trained',
  'prevention.vulnerable_areas',
  'coordination.vulnerable_areas_multi_agency',
] as const;
export const indicatorCodeSchema = z.enum(INDICATOR_CODES);

export const periodSchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    quarter: z.coerce.number().int().min(1).max(4).optional(),
    month: z.coerce.number().int().min(1).max(12).optional(),
  })
  .refine((p) => p.quarter === undefined || p.month === undefined, {
    message: 'give a quarter or a month, not both',
    path: ['month'],
  });
export type Period = z.infer<typeof periodSchema>;

export const indicatorsQuerySchema = z.object({ regionCode: regionCodeSchema }).and(periodSchema);

export const breakdownSchema = z.record(z.string(), z.record(z.string(), z.number()));

export const indicatorValueSchema = z.object({
  code: z.string(),
  label: z.string(),
  labelId: z.string(),
  unit: z.string(),
  /** Null where it cannot be computed (a median of no assessments). */
  value: z.number().nullable(),
  target: z.number().nullable(),
  achievementPct: z.number().nullable(),
  breakdowns: breakdownSchema,
  /** True where the figure is hidden (a small count, or one that would give a small one away): value null. */
  suppressed: z.boolean().optional(),
  /** Breakdown keys hidden for the same reason, by dimension (their counts are left out of `breakdowns`). */
  hidden: z.record(z.string(), z.array(z.string())).optional(),
});
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

export const indicatorsSchema = z.object({
  regionCode: regionCodeSchema,
  period: z.object({
    year: z.number().int(),
    quarter: z.number().int().optional(),
    month: z.number().int().optional(),
  }),
  indicators: z.array(indicatorValueSchema),
});
export type Indicators = z.infer<typeof indicatorsSchema>;

export const setTargetInput = z.object({
  regionCode: regionCodeSchema,
  year: z.number().int().min(2000).max(2100),
  indicator: indicatorCodeSchema,
  target: z.number().nonnegative().max(1e12),
});
export const targetSchema = setTargetInput.extend({ updatedAt: z.iso.datetime({ offset: true }) });

export const REPORT_KINDS = ['coordination'] as const;
export const REPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

export const requestReportInput = z.object({
  kind: z.enum(REPORT_KINDS),
  regionCode: regionCodeSchema,
  period: periodSchema,
});
export const reportSummarySchema = z.object({
  id: uuidSchema,
  kind: z.enum(REPORT_KINDS),
  regionCode: regionCodeSchema,
  periodKey: z.string(),
  status: z.enum(REPORT_STATUSES),
  progress: z.number().int().min(0).max(100),
  requestedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  error: z.string().nullable(),
});
export const reportSchema = reportSummarySchema.extend({
  result: z.record(z.string(), z.unknown()).nullable(),
});
export const listReportsInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  status: z.enum(REPORT_STATUSES).optional(),
});
export const exportReportInput = z.object({
  id: uuidSchema,
  format: z.enum(['csv', 'html']),
  lang: z.enum(['id', 'en']).default('id'),
});
export const exportSchema = z.object({ contentType: z.string(), filename: z.string(), body: z.string() });

const publishedCellSchema = z.object({ value: z.number().nullable(), display: z.string(), suppressed: z.boolean() });
export const tdiExportInput = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  regionCode: regionCodeSchema.optional(),
});
export const tdiExportSchema = z.object({
  protocol: z.literal('EMCDDA TDI 3.0'),
  year: z.number().int(),
  regionCode: regionCodeSchema,
  episodes: publishedCellSchema,
  tables: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      rowDimension: z.string(),
      columnDimension: z.string(),
      columns: z.array(z.string()),
      rows: z.array(
        z.object({ key: z.string(), cells: z.record(z.string(), publishedCellSchema), total: publishedCellSchema }),
      ),
    }),
  ),
});

export const SCHEDULE_NAMES = ['monthly', 'quarterly', 'annual'] as const;
export const SCHEDULE_LEVELS = ['national', 'province', 'regency'] as const;
export const scheduleSchema = z.object({
  name: z.enum(SCHEDULE_NAMES),
  cron: z.string().regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron pattern'),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Jakarta'),
  levels: z.array(z.enum(SCHEDULE_LEVELS)).min(1),
  enabled: z.boolean(),
  /** Periods that ended after this instant are due; earlier ones are not generated. */
  since: z.iso.datetime({ offset: true }),
});
export type Schedule = z.infer<typeof scheduleSchema>;
export const putScheduleInput = scheduleSchema.partial({ since: true });

/** An event a consumer gave up on, as an operator sees it: where it failed and why, never its data. */
export const deadLetterSchema = z.object({
  id: uuidSchema,
  consumer: z.string(),
  subject: z.string(),
  eventId: z.string().nullable(),
  error: z.string(),
  deliveries: z.number().int().min(0),
  failedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetterSummary = z.infer<typeof deadLetterSchema>;
export const listDeadLettersInput = pageQuerySchema;

export const ReportingRpc = {
  indicators: defineRpc({
    service: 'reporting',
    name: 'indicators.get',
    input: indicatorsQuerySchema,
    output: indicatorsSchema,
    description: 'Live values of every indicator for a region (and below) and a period.',
  }),
  setTarget: defineRpc({
    service: 'reporting',
    name: 'target.set',
    input: setTargetInput,
    output: targetSchema,
    description: 'Set the yearly target of one indicator for one region.',
  }),
  requestReport: defineRpc({
    service: 'reporting',
    name: 'report.request',
    input: requestReportInput,
    output: reportSummarySchema,
    description: 'Queue a coordination report for a region and period (a rerun replaces the snapshot).',
  }),
  getReport: defineRpc({
    service: 'reporting',
    name: 'report.get',
    input: z.object({ id: uuidSchema }),
    output: reportSchema,
    description: 'A report with its status, progress and, once done, its result.',
  }),
  listReports: defineRpc({
    service: 'reporting',
    name: 'report.list',
    input: listReportsInput,
    output: pageSchema(reportSummarySchema),
    description: "Reports in the caller's region and below.",
  }),
  exportReport: defineRpc({
    service: 'reporting',
    name: 'report.export',
    input: exportReportInput,
    output: exportSchema,
    description: 'A finished report as CSV or as a self-contained HTML page with charts.',
  }),
  tdiExport: defineRpc({
    service: 'reporting',
    name: 'report.tdi',
    input: tdiExportInput,
    output: tdiExportSchema,
    description: "Treatment episodes started in a year in the EMCDDA TDI tables' shape, small cells suppressed.",
  }),
  listSchedules: defineRpc({
    service: 'reporting',
    name: 'schedule.list',
    input: z.object({}),
    output: z.object({ items: z.array(scheduleSchema) }),
    description: 'The scheduled monthly, quarterly and annual reports.',
  }),
  putSchedule: defineRpc({
    service: 'reporting',
    name: 'schedule.put',
    input: putScheduleInput,
    output: scheduleSchema,
    description: 'Change a schedule (cron, time zone, levels, enabled).',
  }),
  listDeadLetters: defineRpc({
    service: 'reporting',
    name: 'dead_letter.list',
    input: listDeadLettersInput,
    output: pageSchema(deadLetterSchema),
    description:
      "Events reporting's consumers dead-lettered after their bounded deliveries, newest first (no event data).",
  }),
} as const;
