import { z } from 'zod';
import { instantSchema, pageQuerySchema, pageSchema, text, uuidSchema } from './common.js';
import { REGION_LEVELS, regionCodeSchema } from './regions.js';
import { defineEvent } from './envelope.js';
import { defineRpc } from './rpc.js';

/** Codes of the indicator catalogue (apps/reporting/src/indicators/catalogue.ts); reporting computes each of them. */
export const INDICATOR_CODES = [
  'rehab.admissions',
  'rehab.completed',
  'rehab.dropped_out',
  'rehab.aftercare_clients',
  'rehab.aftercare_coverage',
  'rehab.treatment_coverage',
  'rehab.employed_at_follow_up',
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
  'coordination.suspect_outcomes',
  'coordination.overdue_follow_ups',
  'prevention.activities',
  'prevention.participants',
  'prevention.digital_reach',
  'prevention.bersinar_villages',
  'prevention.activists_trained',
  'prevention.vulnerable_areas',
  'coordination.vulnerable_areas_multi_agency',
  'coordination.reporting_completeness',
  'coordination.reporting_timeliness',
] as const;
export const indicatorCodeSchema = z.enum(INDICATOR_CODES);

/** A breakdown's dimension (`substance`) and one of its keys (`methamphetamine`, a region code). */
const dimensionSchema = text(64);
const breakdownKeySchema = text(100);
/** Keys one dimension may hide: far more than any dimension has values. */
const MAX_HIDDEN_KEYS = 1000;
/** Indicators one answer lists: the catalogue has a few dozen. */
const MAX_INDICATORS = 100;
/**
 * An exported file travels in one NATS reply, and no server here takes a payload over 8 MB
 * (packages/runtime/src/broker/server-config.ts; deploy/base/nats.conf takes 1 MB), so no longer
 * body can reach the gateway.
 */
const MAX_EXPORT_LENGTH = 8 * 1024 * 1024;

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

/**
 * An edition of the Kemendagri region codes (docs/operations.md, "Geography editions"): figures
 * are read in it, codes recorded in any edition counted where that edition puts them.
 */
export const regionEditionSchema = z
  .string()
  .max(4)
  .regex(/^\d{4}$/, 'an edition is a year, such as 2022 or 2025')
  .describe('An edition of the Kemendagri region codes, by the year of its decree: 2022, or 2025 (the current one).');

export const indicatorsQuerySchema = z
  .object({ regionCode: regionCodeSchema, edition: regionEditionSchema.optional() })
  .and(periodSchema);

/** A period as an answer names it: a year, and a quarter or a month of it. */
const answeredPeriodSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  quarter: z.number().int().min(1).max(4).optional(),
  month: z.number().int().min(1).max(12).optional(),
});

export const breakdownSchema = z.record(dimensionSchema, z.record(breakdownKeySchema, z.number()));

// ---------- Reference figures: survey results beside the live ones (apps/reporting/src/reference-figures) ----------

/**
 * What a survey gives that Sinergi's events never will (docs/domain.md, "Reference figures"):
 * past-year prevalence among the population aged 15–64 in percent, as BNN's national survey
 * reports it; the estimated number of people who used drugs in the past year; the region's rank
 * among provinces in drug abuse (1 the highest).
 */
export const REFERENCE_FIGURE_KINDS = ['prevalence_pct', 'estimated_users', 'abuse_rank'] as const;
export type ReferenceFigureKind = (typeof REFERENCE_FIGURE_KINDS)[number];
/** Survey name, publisher and year: "BNN, Survei Nasional Penyalahgunaan Narkoba 2019". */
const SOURCE_LENGTH = 300;
/** More than the people of Indonesia: no estimate of users is larger. */
const MAX_REFERENCE_VALUE = 1_000_000_000;
/** Kinds × the years a figure may be of (2000–2100): everything one region can hold. */
const MAX_REFERENCE_FIGURES = REFERENCE_FIGURE_KINDS.length * 101;
const noteSchema = text(500);

const referenceYearSchema = z.number().int().min(2000).max(2100);

export const setReferenceFigureInput = z
  .object({
    regionCode: regionCodeSchema,
    /** The year the survey measured (a figure of a future year is refused). */
    year: referenceYearSchema,
    kind: z.enum(REFERENCE_FIGURE_KINDS),
    value: z.number().min(0).max(MAX_REFERENCE_VALUE),
    source: text(SOURCE_LENGTH, { trim: true, min: 1 }),
  })
  .superRefine((figure, ctx) => {
    const problem =
      figure.kind === 'prevalence_pct'
        ? figure.value > 100 && 'a prevalence is a percentage, at most 100'
        : !Number.isInteger(figure.value) || figure.value < 1
          ? `${figure.kind === 'abuse_rank' ? 'a rank' : 'an estimated number of users'} is a whole number, at least 1`
          : false;
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });
export const referenceFigureSchema = z.object({
  regionCode: regionCodeSchema,
  year: referenceYearSchema,
  kind: z.enum(REFERENCE_FIGURE_KINDS),
  value: z.number(),
  source: text(SOURCE_LENGTH),
  recordedAt: instantSchema,
});
export type ReferenceFigure = z.infer<typeof referenceFigureSchema>;
export const listReferenceFiguresInput = z.object({
  regionCode: regionCodeSchema,
  /** One year's figures; every year's without it. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const indicatorValueSchema = z.object({
  code: text(64),
  label: text(200),
  labelId: text(200),
  unit: text(64),
  /** Null where it cannot be computed (a median of no assessments). */
  value: z.number().nullable(),
  target: z.number().nullable(),
  achievementPct: z.number().nullable(),
  /** Whether more is better or less (turnaround days, drop-outs): achievement follows it. */
  direction: z.enum(['higher', 'lower']).optional(),
  breakdowns: breakdownSchema,
  /** True where the figure is hidden (a small count, or one that would give a small one away): value null. */
  suppressed: z.boolean().optional(),
  /** Breakdown keys hidden for the same reason, by dimension (their counts are left out of `breakdowns`). */
  hidden: z.record(dimensionSchema, z.array(breakdownKeySchema).max(MAX_HIDDEN_KEYS)).optional(),
  /** What the value rests on, or why it is empty, where the definition alone does not say (treatment coverage's estimate). */
  note: noteSchema.optional(),
});
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

export const indicatorsSchema = z.object({
  regionCode: regionCodeSchema,
  period: answeredPeriodSchema,
  indicators: z.array(indicatorValueSchema).max(MAX_INDICATORS),
  /** The region's survey figures for the period's year, or each kind's latest earlier year (each names its year). */
  references: z.array(referenceFigureSchema).max(REFERENCE_FIGURE_KINDS.length).optional(),
  /** The edition of region codes the figures are in (the current one unless asked). */
  edition: regionEditionSchema.optional(),
  /** What the figures of a region whose codes changed between editions rest on (codes counted in it or left out, splits shown as the parent's). */
  geographyNotes: z.array(text(500)).max(20).optional(),
});
export type Indicators = z.infer<typeof indicatorsSchema>;

export const setTargetInput = z.object({
  regionCode: regionCodeSchema,
  year: z.number().int().min(2000).max(2100),
  indicator: indicatorCodeSchema,
  target: z.number().nonnegative().max(1e12),
});
export const targetSchema = setTargetInput.extend({ updatedAt: instantSchema });
export const listTargetsInput = z.object({
  regionCode: regionCodeSchema,
  year: z.coerce.number().int().min(2000).max(2100),
});

/** Most vulnerable areas a region's answer lists (DKI has tens; the nation a few thousand). */
const MAX_AREAS = 10_000;
export const INTERVENTION_KINDS = ['activity', 'operation', 'ibm_unit'] as const;
export const vulnerableAreaCoverageInput = z.object({
  regionCode: regionCodeSchema,
  year: z.coerce.number().int().min(2000).max(2100),
});
/**
 * Each vulnerable area of a region with the agencies that worked in its village in a year and
 * what they did (multi-agency coverage, docs/domain.md). Rehab's work shows only as the IBM units
 * standing in the village, never as admissions.
 */
export const vulnerableAreaCoverageSchema = z.object({
  regionCode: regionCodeSchema,
  year: z.number().int().min(2000).max(2100),
  areas: z
    .array(
      z.object({
        areaId: uuidSchema,
        name: text(200),
        villageCode: regionCodeSchema,
        riskLevel: text(32).nullable(),
        agencies: z.array(text(32)).max(16),
        interventions: z
          .array(
            z.object({
              agency: text(32),
              kind: z.enum(INTERVENTION_KINDS),
              count: z.number().int().min(0).max(1e9),
            }),
          )
          .max(64),
      }),
    )
    .max(MAX_AREAS),
});

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
  /** `2024`, `2024-Q2` or `2024-M05` (apps/reporting/src/reports/report-key.ts). */
  periodKey: text(32),
  status: z.enum(REPORT_STATUSES),
  progress: z.number().int().min(0).max(100),
  requestedAt: instantSchema,
  finishedAt: instantSchema.nullable(),
  /** Why the report failed, cut short: a database error may quote a whole query. */
  error: text(2000, { clip: true }).nullable(),
});

// ---------- The coordination report's result (apps/reporting/src/reports/coordination-report.builder.ts) ----------

/** Child regions one report lists: a district has at most 108 villages (idn-area-data), a province 38 regencies. */
const MAX_REPORT_CHILDREN = 1000;
/** What a hidden figure shows: `<5` a small count, `x` one hidden so it cannot be derived, `–` not published here. */
export const HIDDEN_DISPLAYS = ['<5', 'x', '–'] as const;

/**
 * A figure as the publication layer publishes it, with the fields of the row it heads: either
 * shown, its value and how it reads, or hidden, with no value at all. A hidden figure that
 * carried a number would be a leak, so the gateway refuses such an answer.
 */
function publishedFigure<F extends z.core.$ZodShape>(fields: F) {
  return z.discriminatedUnion('suppressed', [
    z.object({ ...fields, value: z.number(), display: text(64), suppressed: z.literal(false) }),
    z.object({ ...fields, value: z.null(), display: z.enum(HIDDEN_DISPLAYS), suppressed: z.literal(true) }),
  ]);
}

export const reportCellSchema = publishedFigure({});
export type ReportCell = z.infer<typeof reportCellSchema>;

/** Cells by indicator code. */
const cellsByIndicator = z.record(text(64), reportCellSchema);

export const reportIndicatorSchema = publishedFigure({
  code: indicatorCodeSchema,
  label: text(200),
  labelId: text(200),
  unit: text(64),
  target: z.number().nullable(),
  achievementPct: z.number().nullable(),
  /** Cells by dimension and key; a dimension withheld at this grain is left out. */
  breakdowns: z.record(dimensionSchema, z.record(breakdownKeySchema, reportCellSchema)),
  /** What the value rests on, or why it is empty (treatment coverage's estimate), where it is published. */
  note: noteSchema.optional(),
});
export type ReportIndicator = z.infer<typeof reportIndicatorSchema>;

export const reportChildRowSchema = z.object({
  regionCode: regionCodeSchema,
  name: text(200),
  values: cellsByIndicator,
  /** The child's own yearly targets, where set, and its achievement where its figure is published. */
  targets: z.record(text(64), z.number()),
  achievementPct: z.record(text(64), z.number().nullable()),
});
export type ReportChildRow = z.infer<typeof reportChildRowSchema>;

/** What happened between agencies: the coordination tables (docs/architecture.md, "Reporting"). */
export const coordinationSectionSchema = z.object({
  assessmentsRequested: z.number().nullable(),
  assessmentsCompleted: z.number().nullable(),
  turnaroundMedianDays: z.number().nullable(),
  turnaroundP90Days: z.number().nullable(),
  answeredWithinLimitPct: z.number().nullable(),
  referralAdmissionRatePct: z.number().nullable(),
  aftercareCoveragePct: z.number().nullable(),
  overdueFollowUps: z.number().nullable(),
  vulnerableAreas: z.number().nullable(),
  vulnerableAreasMultiAgency: z.number().nullable(),
});
export type CoordinationSection = z.infer<typeof coordinationSectionSchema>;

/** A frozen figure beside the live one, where both are published and they differ. */
const lateCorrectionSchema = z.object({
  code: indicatorCodeSchema,
  frozen: z.number(),
  live: z.number(),
  delta: z.number(),
});

/**
 * The stored snapshot of a coordination report, as its reader may see it. An approved period's
 * report is its frozen figures, with the approval and the figures that moved since beside them
 * (apps/reporting/src/reports/report.service.ts).
 */
export const coordinationReportSchema = z.object({
  kind: z.literal('coordination'),
  /** The layout's version (COORDINATION_REPORT_VERSION). */
  version: z.number().int().min(1),
  regionCode: regionCodeSchema,
  regionName: text(200),
  level: z.enum(REGION_LEVELS),
  period: answeredPeriodSchema,
  periodKey: text(32),
  generatedAt: instantSchema,
  indicators: z.array(reportIndicatorSchema).max(MAX_INDICATORS),
  children: z.array(reportChildRowSchema).max(MAX_REPORT_CHILDREN),
  /** Counts recorded at the region itself rather than in one of its children. */
  unattributed: cellsByIndicator,
  coordination: coordinationSectionSchema,
  approval: z
    .object({ state: z.literal('approved'), frozenVersion: z.number().int().min(1), approvedAt: instantSchema })
    .optional(),
  lateCorrections: z.array(lateCorrectionSchema).max(MAX_INDICATORS).optional(),
  /** The region's survey figures beside the live ones: the period's year, or each kind's latest earlier year. */
  references: z.array(referenceFigureSchema).max(REFERENCE_FIGURE_KINDS.length).optional(),
});
export type CoordinationReport = z.infer<typeof coordinationReportSchema>;

export const reportSchema = reportSummarySchema.extend({
  result: coordinationReportSchema.nullable(),
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
export const exportSchema = z.object({
  contentType: text(200),
  filename: text(255),
  body: text(MAX_EXPORT_LENGTH),
});

/** A published figure and how it is shown (`12`, `<5`, `12.5%`). */
const publishedCellSchema = z.object({ value: z.number().nullable(), display: text(64), suppressed: z.boolean() });
export const tdiExportInput = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  regionCode: regionCodeSchema.optional(),
});
/** TDI tables are a handful; a dimension has at most a dozen values (age bands). */
const MAX_TDI_TABLES = 50;
const MAX_TDI_VALUES = 100;
/**
 * A TDI item a table's rows or columns follow (apps/reporting/src/reports/tdi-codes.ts):
 * `numbered` codes are TDI's numbers (`3.2`), `named` ones TDI's category names (`Males`), and
 * `sinergi` marks Sinergi's own values where TDI has no item.
 */
const tdiItemSchema = z.object({
  id: text(64),
  name: text(200),
  codes: z.enum(['numbered', 'named', 'sinergi']),
});
/** One TDI value of a table: its code, TDI's label, and the Sinergi values counted under it. */
const tdiValueFields = {
  label: text(200),
  sinergiValues: z.array(breakdownKeySchema).max(MAX_TDI_VALUES),
};
export const tdiExportSchema = z.object({
  protocol: z.literal('EMCDDA TDI 3.0'),
  /**
   * The layout: 2 keys rows and columns by TDI codes through the documented mapping
   * (docs/domain.md, "EMCDDA TDI 3.0 mapping"), each with Sinergi's values beside it; the
   * unversioned layout before it keyed them by Sinergi's own values.
   */
  version: z.literal(2),
  year: z.number().int().min(2000).max(2100),
  regionCode: regionCodeSchema,
  episodes: publishedCellSchema,
  tables: z
    .array(
      z.object({
        id: text(64),
        title: text(200),
        /** The admission dimensions the table is read from (Sinergi's names). */
        rowDimension: dimensionSchema,
        columnDimension: dimensionSchema,
        rowItem: tdiItemSchema,
        columnItem: tdiItemSchema,
        /** The columns' codes, in TDI's order, and each one's label. */
        columns: z.array(breakdownKeySchema).max(MAX_TDI_VALUES),
        columnValues: z.array(z.object({ code: breakdownKeySchema, ...tdiValueFields })).max(MAX_TDI_VALUES),
        rows: z
          .array(
            z.object({
              /** The row's code. */
              key: breakdownKeySchema,
              ...tdiValueFields,
              /** Cells by column code. */
              cells: z.record(breakdownKeySchema, publishedCellSchema),
              total: publishedCellSchema,
            }),
          )
          .max(MAX_TDI_VALUES),
      }),
    )
    .max(MAX_TDI_TABLES),
});
export type TdiExport = z.infer<typeof tdiExportSchema>;

export const SCHEDULE_NAMES = ['monthly', 'quarterly', 'annual'] as const;
export const SCHEDULE_LEVELS = ['national', 'province', 'regency'] as const;
export const scheduleSchema = z.object({
  name: z.enum(SCHEDULE_NAMES),
  cron: text(200).regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron pattern'),
  timeZone: text(64).refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Jakarta'),
  levels: z.array(z.enum(SCHEDULE_LEVELS)).min(1).max(SCHEDULE_LEVELS.length),
  enabled: z.boolean(),
  /** Periods that ended after this instant are due; earlier ones are not generated. */
  since: instantSchema,
});
export type Schedule = z.infer<typeof scheduleSchema>;
export const putScheduleInput = scheduleSchema.partial({ since: true });

/** An event a consumer gave up on, as an operator sees it: where it failed and why, never its data. */
export const deadLetterSchema = z.object({
  id: uuidSchema,
  consumer: text(200),
  subject: text(256),
  eventId: text(64).nullable(),
  /** The service already cuts it to 2,000 characters (apps/reporting/src/dead-letters). */
  error: text(2000, { clip: true }),
  deliveries: z.number().int().min(0).max(1_000_000),
  failedAt: instantSchema,
});
export type DeadLetterSummary = z.infer<typeof deadLetterSchema>;
export const listDeadLettersInput = pageQuerySchema;

// ---------- Approval of a period's figures (apps/reporting/src/approvals) ----------

/**
 * Where a region's figures of a period stand in the sign-off chain: a regency office (BNNK)
 * submits, the province (BNNP) approves or returns, then the nation (BNN); a parent may waive a
 * child that will not report. Approved figures are frozen.
 */
export const APPROVAL_STATES = ['open', 'submitted', 'returned', 'approved', 'waived'] as const;
export const APPROVAL_ACTIONS = ['submit', 'approve', 'return', 'waive', 'reopen'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];
/** Why a period was returned, waived or re-opened: a sentence or two, kept in the audit. */
const REASON_LENGTH = 1000;
/** A region's children: a province has at most a few dozen regencies (Jawa Timur 38), the nation 38 provinces. */
const MAX_CHILDREN = 100;
/** Steps kept of one region and period: every submit, return and approval. */
const MAX_HISTORY = 500;

export const approvalQuerySchema = z.object({ regionCode: regionCodeSchema }).and(periodSchema);
export const approvalActionInput = z.object({
  action: z.enum(APPROVAL_ACTIONS),
  regionCode: regionCodeSchema,
  period: periodSchema,
  /** Required to return, waive or re-open. */
  reason: text(REASON_LENGTH, { trim: true, min: 1 }).optional(),
});
export const approvalSchema = z.object({
  regionCode: regionCodeSchema,
  periodKey: text(32),
  state: z.enum(APPROVAL_STATES),
  /** How many times the figures of this region and period were frozen (0 before the first approval). */
  frozenVersion: z.number().int().min(0).max(1_000_000),
  approvedAt: instantSchema.nullable(),
  children: z
    .array(z.object({ regionCode: regionCodeSchema, name: text(200), state: z.enum(APPROVAL_STATES) }))
    .max(MAX_CHILDREN),
  /** Published figures that moved since the period was frozen (events that arrived later). */
  lateCorrections: z.array(lateCorrectionSchema).max(MAX_INDICATORS),
  history: z
    .array(
      z.object({
        action: z.enum(APPROVAL_ACTIONS),
        from: z.enum(APPROVAL_STATES),
        to: z.enum(APPROVAL_STATES),
        reason: text(REASON_LENGTH).nullable(),
        /** The office that acted (its region), never the person. */
        actorRegion: regionCodeSchema,
        at: instantSchema,
      }),
    )
    .max(MAX_HISTORY),
});
export type Approval = z.infer<typeof approvalSchema>;

const periodStepPayload = z.object({
  regionCode: regionCodeSchema,
  periodKey: text(32),
  from: z.enum(APPROVAL_STATES),
  to: z.enum(APPROVAL_STATES),
  reason: text(REASON_LENGTH).nullable(),
  actorRegion: regionCodeSchema,
  frozenVersion: z.number().int().min(0),
});
const periodStep = (verb: string, description: string) =>
  defineEvent({ service: 'reporting', aggregate: 'period', verb, version: 1, description, payload: periodStepPayload });

/** Each step of the sign-off chain, for other systems (no figures, no person). */
export const ReportingEvents = {
  periodSubmitted: periodStep('submitted', "A region's office submitted its figures of a period."),
  periodApproved: periodStep('approved', "The parent level approved a region's figures of a period, freezing them."),
  periodReturned: periodStep('returned', "The parent level returned a region's figures of a period, with a reason."),
  periodWaived: periodStep('waived', 'The parent level waived a region that will not report a period, with a reason.'),
  periodReopened: periodStep('reopened', "The approving level re-opened a region's frozen period, with a reason."),
} as const;

// ---------- Completeness and timeliness of reporting units (apps/reporting/src/indicators/completeness.ts) ----------

/** A rehab facility, or an area's prevention work (prevention's events do not name the unit that acted). */
export const REPORTING_UNIT_KINDS = ['rehab_facility', 'prevention_unit'] as const;
/** Units one answer lists: a province has a few hundred facilities; the nation is asked by province. */
const MAX_UNITS = 2000;
const monthKeySchema = text(7).regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM');
export const completenessQuerySchema = approvalQuerySchema;
export const completenessSchema = z.object({
  regionCode: regionCodeSchema,
  periodKey: text(32),
  /** Days after a month's end by which its records count as on time (REPORTING_DEADLINE_DAYS). */
  deadlineDays: z.number().int().min(0).max(366),
  /** Unit-months owed: each unit, for each month of the period that has ended since it started. */
  expected: z.number().int().min(0),
  received: z.number().int().min(0),
  onTime: z.number().int().min(0),
  completenessPct: z.number().nullable(),
  timelinessPct: z.number().nullable(),
  units: z
    .array(
      z.object({
        unitId: uuidSchema,
        kind: z.enum(REPORTING_UNIT_KINDS),
        name: text(200),
        regionCode: regionCodeSchema,
        expected: z.number().int().min(0),
        received: z.number().int().min(0),
        onTime: z.number().int().min(0),
        /** Months owed in which the unit recorded nothing: silent, not zero. */
        silentMonths: z.array(monthKeySchema).max(12),
      }),
    )
    .max(MAX_UNITS),
  /** True where more units were owed than the answer lists (the silent ones come first). */
  truncated: z.boolean(),
  /**
   * The offices (BNNK, BNNP, BNN) of the region and of its children, each owing the submission of
   * its figures once the period has ended; a waived one owes nothing. On time: first submitted
   * within `deadlineDays` of the period's end.
   */
  offices: z.object({
    expected: z.number().int().min(0),
    received: z.number().int().min(0),
    onTime: z.number().int().min(0),
    silent: z.array(regionCodeSchema).max(MAX_CHILDREN + 1),
  }),
});
export type Completeness = z.infer<typeof completenessSchema>;

// ---------- Trends: each indicator month by month, and the child regions' year (the dashboard) ----------

export const trendsQuerySchema = z.object({
  regionCode: regionCodeSchema,
  year: z.coerce.number().int().min(2000).max(2100),
});
/** Twelve months, January first; a month that has not started yet is `–`, as an unpublished one. */
const monthCellsSchema = z.array(reportCellSchema).max(12);
export const trendsSchema = z.object({
  regionCode: regionCodeSchema,
  regionName: text(200),
  level: z.enum(REGION_LEVELS),
  year: z.number().int().min(2000).max(2100),
  indicators: z
    .array(
      z.object({
        code: indicatorCodeSchema,
        label: text(200),
        labelId: text(200),
        unit: text(64),
        direction: z.enum(['higher', 'lower']).optional(),
        /** The year and the one before: each total and month as the publication layer publishes it. */
        series: z.array(z.object({ year: z.number().int(), total: reportCellSchema, months: monthCellsSchema })).max(2),
        /** Each child region's figure of the year, with its own target and achievement where set. */
        children: z
          .array(
            z.object({
              regionCode: regionCodeSchema,
              name: text(200),
              value: reportCellSchema,
              target: z.number().nullable(),
              achievementPct: z.number().nullable(),
            }),
          )
          .max(MAX_REPORT_CHILDREN),
      }),
    )
    .max(MAX_INDICATORS),
});
export type Trends = z.infer<typeof trendsSchema>;

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
  vulnerableAreaCoverage: defineRpc({
    service: 'reporting',
    name: 'vulnerable_area.coverage',
    input: vulnerableAreaCoverageInput,
    output: vulnerableAreaCoverageSchema,
    description:
      'The vulnerable areas of a region with the agencies (BNN, POLRI, PEMDA, KEMENKES) that worked in each one in a year, and what they did.',
  }),
  listTargets: defineRpc({
    service: 'reporting',
    name: 'target.list',
    input: listTargetsInput,
    output: z.object({ items: z.array(targetSchema).max(MAX_INDICATORS) }),
    description: 'The yearly targets set for one region, one per indicator.',
  }),
  setReferenceFigure: defineRpc({
    service: 'reporting',
    name: 'reference_figure.set',
    input: setReferenceFigureInput,
    output: referenceFigureSchema,
    description:
      "Record a survey's figure (prevalence, estimated users, rank among provinces) for a region and year, with its source; recording it again replaces it.",
  }),
  listReferenceFigures: defineRpc({
    service: 'reporting',
    name: 'reference_figure.list',
    input: listReferenceFiguresInput,
    output: z.object({ items: z.array(referenceFigureSchema).max(MAX_REFERENCE_FIGURES) }),
    description: 'The survey figures recorded for a region, of one year or of every year, with their sources.',
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
    output: z.object({ items: z.array(scheduleSchema).max(SCHEDULE_NAMES.length) }),
    description: 'The scheduled monthly, quarterly and annual reports.',
  }),
  putSchedule: defineRpc({
    service: 'reporting',
    name: 'schedule.put',
    input: putScheduleInput,
    output: scheduleSchema,
    description: 'Change a schedule (cron, time zone, levels, enabled).',
  }),
  trends: defineRpc({
    service: 'reporting',
    name: 'indicators.trends',
    input: trendsQuerySchema,
    output: trendsSchema,
    description:
      "Every indicator of a region month by month, the year and the one before, and its child regions' year with targets and achievement, all as published.",
  }),
  getApproval: defineRpc({
    service: 'reporting',
    name: 'approval.get',
    input: approvalQuerySchema,
    output: approvalSchema,
    description: "A region's approval state for a period, its children's, late corrections and the steps so far.",
  }),
  actOnApproval: defineRpc({
    service: 'reporting',
    name: 'approval.act',
    input: approvalActionInput,
    output: approvalSchema,
    description: 'Submit, approve, return, waive or re-open the figures of a region and period.',
  }),
  getCompleteness: defineRpc({
    service: 'reporting',
    name: 'completeness.get',
    input: completenessQuerySchema,
    output: completenessSchema,
    description:
      'Which reporting units of a region recorded anything in each month of a period, and on time: expected, received, on time, and the silent units.',
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
