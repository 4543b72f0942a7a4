// The prevention service's contracts (activities, vulnerable areas, Bersinar villages, trainings).
import { z } from 'zod';
import {
  instantSchema,
  isoDateSchema,
  pageQuerySchema,
  pageSchema,
  pastDateSchema,
  text,
  uuidSchema,
} from './common.js';
import { defineEvent } from './envelope.js';
import type { FieldError } from './errors.js';
import { regionCodeSchema, villageCodeSchema } from './regions.js';
import { defineRpc } from './rpc.js';

export const ACTIVITY_KINDS = ['socialization', 'counseling', 'workshop', 'talk_show', 'dialogue', 'campaign'] as const;
export const activityKindSchema = z.enum(ACTIVITY_KINDS);
export const AUDIENCE_SEGMENTS = [
  'students',
  'workers',
  'community',
  'families',
  'media',
  'private_sector',
  'education',
  'customary',
] as const;
export const audienceSegmentSchema = z.enum(AUDIENCE_SEGMENTS);
export const ACTIVITY_CHANNELS = ['in_person', 'digital'] as const;
export const activityChannelSchema = z.enum(ACTIVITY_CHANNELS);

/** BNN's grading of a vulnerable area (kawasan rawan), most to least severe. */
export const RISK_LEVELS = ['bahaya', 'siaga', 'waspada', 'aman'] as const;
export const riskLevelSchema = z.enum(RISK_LEVELS);

/** A Bersinar (Bersih Narkoba, drug-free) village is designated, then runs the programme or lapses. */
export const BERSINAR_STATUSES = ['designated', 'active', 'inactive'] as const;
export const bersinarStatusSchema = z.enum(BERSINAR_STATUSES);

/** Where trained P4GN activists (penggiat) come from. */
export const TRAINING_SECTORS = [
  'government',
  'private_sector',
  'education',
  'community',
  'media',
  'customary',
  'religious',
  'youth',
] as const;
export const trainingSectorSchema = z.enum(TRAINING_SECTORS);

/** The most people one activity may count in the room, and the most it may reach online. */
const MAX_PARTICIPANTS = 10_000_000;
const MAX_REACH = 1_000_000_000;
/** The most activists one training may count. */
const MAX_TRAINED = 100_000;
/** A vulnerable area's name, as mapped and as answered. */
const AREA_NAME_LENGTH = 200;
/**
 * Assessments listed with an area. The service keeps every one (a correction the same day is
 * another), but an area graded even weekly for twenty years stays under this.
 */
const MAX_AREA_HISTORY = 1000;

const headcount = (max: number, min = 0) =>
  z
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, min === 0 ? 'must not be negative' : `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

// ---------- activities ----------

export interface ActivityMeasures {
  channel: z.infer<typeof activityChannelSchema>;
  participants: number;
  reach?: number;
}

/**
 * An in-person activity is counted by the people in the room; a digital one by its reach. Reach
 * without participants on an in-person activity is the usual slip (a digital figure typed into
 * the wrong activity), so it is refused rather than counted twice in the wrong indicator.
 */
export function activityMeasureProblems(activity: ActivityMeasures): FieldError[] {
  if (activity.channel === 'in_person' && activity.participants < 1) {
    return activity.reach !== undefined
      ? [{ path: 'reach', message: 'an in-person activity with reach needs its participants (at least 1)' }]
      : [{ path: 'participants', message: 'an in-person activity needs at least 1 participant' }];
  }
  if (activity.channel === 'digital' && (activity.reach === undefined || activity.reach < 1)) {
    return [{ path: 'reach', message: 'a digital activity needs its reach (at least 1)' }];
  }
  return [];
}

export const recordActivityInput = z
  .object({
    regionCode: regionCodeSchema,
    kind: activityKindSchema,
    segment: audienceSegmentSchema,
    channel: activityChannelSchema,
    on: pastDateSchema,
    participants: headcount(MAX_PARTICIPANTS).default(0),
    reach: headcount(MAX_REACH).optional(),
  })
  .superRefine((activity, ctx) => {
    // Zod runs this even after a field check failed; a field already refused needs no second reason.
    const refused = new Set(ctx.issues?.map((issue) => String(issue.path?.[0])) ?? []);
    for (const problem of activityMeasureProblems(activity)) {
      if (refused.has(problem.path)) continue;
      ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
    }
  });
export type RecordActivityInput = z.infer<typeof recordActivityInput>;

export const activitySchema = z.object({
  id: uuidSchema,
  regionCode: regionCodeSchema,
  kind: activityKindSchema,
  segment: audienceSegmentSchema,
  channel: activityChannelSchema,
  on: isoDateSchema,
  participants: z.number().int().min(0).max(MAX_PARTICIPANTS),
  reach: z.number().int().min(0).max(MAX_REACH).nullable(),
  importId: uuidSchema.nullable(),
  createdAt: instantSchema,
});
export type Activity = z.infer<typeof activitySchema>;

export const listActivitiesInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  kind: activityKindSchema.optional(),
});

// ---------- CSV import of activities ----------

/** The columns of an activity CSV file, in the header's words (the JSON field names). */
export const ACTIVITY_CSV_COLUMNS = [
  'regionCode',
  'kind',
  'segment',
  'channel',
  'on',
  'participants',
  'reach',
] as const;
export const MAX_ACTIVITY_CSV_ROWS = 50_000;
/** Rows per staging call: 2,000 rows stay well under NATS's default 1 MB max_payload. */
export const ACTIVITY_IMPORT_CHUNK = 2_000;

export interface CsvRecord {
  /** The 1-based file line the record starts on; the header is line 1. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: commas, double-quoted fields with `""` escapes and line breaks inside quotes,
 * LF or CRLF. Blank lines are skipped. Returns the records with the file line each starts on,
 * at most `maxRecords` of them: a file of a million one-character lines is not read to its end.
 */
export function parseCsv(text: string, maxRecords = Number.POSITIVE_INFINITY): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '' || fieldStarted) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark from spreadsheet exports
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      if (records.length >= maxRecords) return records;
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return records;
}

export interface CsvRowProblem {
  line: number;
  path: string;
  message: string;
}

export interface ActivityCsvRow {
  line: number;
  activity: RecordActivityInput;
}

/** A numeric cell: empty is absent, digits are a number, anything else stays text for zod to refuse. */
function cellNumber(cell: string | undefined): number | string | undefined {
  const value = cell?.trim() ?? '';
  if (value === '') return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/**
 * Reads an activity CSV into validated rows, or every bad line with its reasons. Pure: whether a
 * row's region exists and lies within the caller's region is prevention's rule, checked when the
 * rows are staged (`stageActivityImport`). The gateway runs this in a worker thread.
 */
export function readActivityCsv(
  text: string,
  maxRows = MAX_ACTIVITY_CSV_ROWS,
): { rows: ActivityCsvRow[]; problems: CsvRowProblem[] } {
  // The header, the most rows a file may hold, and one more to know it holds too many.
  const [header, ...records] = parseCsv(text, maxRows + 2);
  const problems: CsvRowProblem[] = [];
  if (!header) return { rows: [], problems: [{ line: 1, path: '(header)', message: 'the file is empty' }] };
  const columns = header.fields.map((name) => name.trim());
  const missing = ACTIVITY_CSV_COLUMNS.filter((name) => name !== 'reach' && !columns.includes(name));
  const unknown = columns.filter((name) => !(ACTIVITY_CSV_COLUMNS as readonly string[]).includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`missing column(s) ${missing.join(', ')}`] : []),
      ...(unknown.length > 0 ? [`unknown column(s) ${unknown.join(', ')}`] : []),
    ];
    return {
      rows: [],
      problems: [
        {
          line: header.line,
          path: '(header)',
          message: `${parts.join('; ')}; expected ${ACTIVITY_CSV_COLUMNS.join(',')}`,
        },
      ],
    };
  }
  if (records.length === 0)
    return { rows: [], problems: [{ line: 2, path: '(file)', message: 'the file has no rows' }] };
  if (records.length > maxRows) {
    const first = records[maxRows];
    return {
      rows: [],
      problems: [{ line: first?.line ?? 1, path: '(file)', message: `a file holds at most ${maxRows} rows` }],
    };
  }
  const rows: ActivityCsvRow[] = [];
  for (const record of records) {
    if (record.fields.length !== columns.length) {
      problems.push({
        line: record.line,
        path: '(row)',
        message: `has ${record.fields.length} fields, the header has ${columns.length}`,
      });
      continue;
    }
    const cell = (name: string) => record.fields[columns.indexOf(name)];
    const raw = {
      regionCode: cell('regionCode')?.trim(),
      kind: cell('kind')?.trim(),
      segment: cell('segment')?.trim(),
      channel: cell('channel')?.trim(),
      on: cell('on')?.trim(),
      participants: cellNumber(cell('participants')),
      reach: cellNumber(cell('reach')),
    };
    const parsed = recordActivityInput.safeParse(raw);
    if (parsed.success) rows.push({ line: record.line, activity: parsed.data });
    else {
      for (const issue of parsed.error.issues) {
        problems.push({ line: record.line, path: issue.path.map(String).join('.') || '(row)', message: issue.message });
      }
    }
  }
  return { rows, problems };
}

/** A file line number: far more lines than any file the gateway accepts (8 MiB bodies) can hold. */
const MAX_CSV_LINE = 10_000_000;

/** Bad lines an import answer lists (it counts them all): enough to fix a file, small to send. */
export const MAX_LISTED_IMPORT_PROBLEMS = 100;

export const stageActivityImportInput = z.object({
  importId: uuidSchema,
  rows: z
    .array(z.object({ line: z.number().int().min(2).max(MAX_CSV_LINE), activity: recordActivityInput }))
    .min(1)
    .max(ACTIVITY_IMPORT_CHUNK),
  /**
   * The file is already known to be bad: check the rows, stage none, and drop what this session
   * staged. The gateway still sends every chunk so that one answer names every bad line.
   */
  checkOnly: z.boolean().optional(),
});
/** One bad line of a file: its line (header = 1), the column (or `(row)`, `(header)`) and why. */
export const csvRowProblemSchema = z.object({
  line: z.number().int().min(1).max(MAX_CSV_LINE),
  path: text(100),
  message: text(500),
});
/**
 * What staging one chunk did. A chunk with any row prevention refuses (its region is unknown,
 * national, or outside the caller's region) stages nothing and drops the session's staged rows;
 * `problems` lists the first of them by line, `badLines` counts them all (one reason a line).
 * Both are optional only so that the released contract stays compatible; prevention sends both.
 */
export const stagedActivityImportSchema = z.object({
  importId: uuidSchema,
  staged: z.number().int().min(0).max(ACTIVITY_IMPORT_CHUNK),
  problems: z.array(csvRowProblemSchema).max(MAX_LISTED_IMPORT_PROBLEMS).optional(),
  badLines: z.number().int().min(0).max(ACTIVITY_IMPORT_CHUNK).optional(),
});
export const commitActivityImportInput = z.object({
  importId: uuidSchema,
  /** How many rows the file had: the commit refuses a session that lost a chunk. */
  rowCount: z.number().int().min(1).max(MAX_ACTIVITY_CSV_ROWS),
});
export const activityImportSchema = z.object({
  importId: uuidSchema,
  imported: z.number().int().min(0).max(MAX_ACTIVITY_CSV_ROWS),
});

// ---------- vulnerable areas (kawasan rawan) ----------

export const mapVulnerableAreaInput = z.object({
  regionCode: villageCodeSchema,
  name: text(AREA_NAME_LENGTH, { trim: true, min: 1 }),
  riskLevel: riskLevelSchema,
  assessedOn: pastDateSchema,
});
export const assessVulnerableAreaInput = z.object({
  areaId: uuidSchema,
  riskLevel: riskLevelSchema,
  assessedOn: pastDateSchema,
});
export const riskAssessmentSchema = z.object({
  id: uuidSchema,
  riskLevel: riskLevelSchema,
  assessedOn: isoDateSchema,
  recordedAt: instantSchema,
});
export const vulnerableAreaSchema = z.object({
  id: uuidSchema,
  regionCode: villageCodeSchema,
  name: text(AREA_NAME_LENGTH),
  /** The latest assessment's level: the area's current risk. */
  riskLevel: riskLevelSchema,
  assessedOn: isoDateSchema,
  createdAt: instantSchema,
});
export type VulnerableArea = z.infer<typeof vulnerableAreaSchema>;
export const vulnerableAreaWithHistorySchema = vulnerableAreaSchema.extend({
  /** Every assessment, oldest first. */
  history: z.array(riskAssessmentSchema).max(MAX_AREA_HISTORY),
});
export const listVulnerableAreasInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  riskLevel: riskLevelSchema.optional(),
});

// ---------- Bersinar villages ----------

export const designateBersinarVillageInput = z.object({
  regionCode: villageCodeSchema,
  designatedOn: pastDateSchema,
  status: bersinarStatusSchema.default('designated'),
});
export const bersinarVillageSchema = z.object({
  id: uuidSchema,
  regionCode: villageCodeSchema,
  designatedOn: isoDateSchema,
  status: bersinarStatusSchema,
  createdAt: instantSchema,
});
export type BersinarVillage = z.infer<typeof bersinarVillageSchema>;
export const listBersinarVillagesInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  status: bersinarStatusSchema.optional(),
});

// ---------- activist trainings (penggiat P4GN) ----------

export const recordTrainingInput = z.object({
  regionCode: regionCodeSchema,
  on: pastDateSchema,
  trained: headcount(MAX_TRAINED, 1),
  sector: trainingSectorSchema,
});
export const trainingSchema = z.object({
  id: uuidSchema,
  regionCode: regionCodeSchema,
  on: isoDateSchema,
  trained: z.number().int().min(1).max(MAX_TRAINED),
  sector: trainingSectorSchema,
  createdAt: instantSchema,
});
export type Training = z.infer<typeof trainingSchema>;
export const listTrainingsInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  sector: trainingSectorSchema.optional(),
});

// ---------- request/reply ----------

export const PreventionRpc = {
  recordActivity: defineRpc({
    service: 'prevention',
    name: 'activity.record',
    input: recordActivityInput,
    output: activitySchema,
    description: 'Record one prevention activity (in person: participants; digital: reach).',
  }),
  listActivities: defineRpc({
    service: 'prevention',
    name: 'activity.list',
    input: listActivitiesInput,
    output: pageSchema(activitySchema),
    description: 'List activities in a region and below, by date range and kind.',
  }),
  stageActivityImport: defineRpc({
    service: 'prevention',
    name: 'activity.import.stage',
    input: stageActivityImportInput,
    output: stagedActivityImportSchema,
    description:
      'Stage one chunk of validated CSV rows of an import session, or name its rows whose region the caller may not record in; nothing is recorded yet.',
  }),
  commitActivityImport: defineRpc({
    service: 'prevention',
    name: 'activity.import.commit',
    input: commitActivityImportInput,
    output: activityImportSchema,
    description: 'Record every staged row of an import session, with one event per row, in one transaction.',
  }),
  mapVulnerableArea: defineRpc({
    service: 'prevention',
    name: 'vulnerable_area.map',
    input: mapVulnerableAreaInput,
    output: vulnerableAreaSchema,
    description: 'Map a vulnerable area (kawasan rawan) in a village with its first risk assessment.',
  }),
  assessVulnerableArea: defineRpc({
    service: 'prevention',
    name: 'vulnerable_area.assess',
    input: assessVulnerableAreaInput,
    output: vulnerableAreaWithHistorySchema,
    description: 'Add a risk assessment to a vulnerable area; the latest one is current.',
  }),
  listVulnerableAreas: defineRpc({
    service: 'prevention',
    name: 'vulnerable_area.list',
    input: listVulnerableAreasInput,
    output: pageSchema(vulnerableAreaSchema),
    description: 'List vulnerable areas in a region and below, optionally at one current risk level.',
  }),
  getVulnerableArea: defineRpc({
    service: 'prevention',
    name: 'vulnerable_area.get',
    input: z.object({ areaId: uuidSchema }),
    output: vulnerableAreaWithHistorySchema,
    description: 'One vulnerable area with its assessment history.',
  }),
  designateBersinarVillage: defineRpc({
    service: 'prevention',
    name: 'bersinar_village.designate',
    input: designateBersinarVillageInput,
    output: bersinarVillageSchema,
    description: 'Designate a village Desa/Kelurahan Bersinar (drug-free village); once per village.',
  }),
  listBersinarVillages: defineRpc({
    service: 'prevention',
    name: 'bersinar_village.list',
    input: listBersinarVillagesInput,
    output: pageSchema(bersinarVillageSchema),
    description: 'List Bersinar villages in a region and below.',
  }),
  recordTraining: defineRpc({
    service: 'prevention',
    name: 'training.record',
    input: recordTrainingInput,
    output: trainingSchema,
    description: 'Record a training of P4GN activists (penggiat).',
  }),
  listTrainings: defineRpc({
    service: 'prevention',
    name: 'training.list',
    input: listTrainingsInput,
    output: pageSchema(trainingSchema),
    description: 'List activist trainings in a region and below.',
  }),
} as const;

// ---------- events ----------

export const PreventionEvents = {
  activityRecorded: defineEvent({
    service: 'prevention',
    aggregate: 'activity',
    verb: 'recorded',
    version: 1,
    description:
      'A prevention activity was recorded. An imported file yields one event per row (importId set), so counting is uniform.',
    payload: z.object({
      activityId: uuidSchema,
      regionCode: regionCodeSchema,
      kind: activityKindSchema,
      segment: audienceSegmentSchema,
      channel: activityChannelSchema,
      on: isoDateSchema,
      participants: z.number().int().min(0),
      reach: z.number().int().min(0).nullable(),
      importId: uuidSchema.nullable(),
    }),
  }),
  vulnerableAreaMapped: defineEvent({
    service: 'prevention',
    aggregate: 'vulnerable_area',
    verb: 'mapped',
    version: 1,
    description: 'A vulnerable area (kawasan rawan) was mapped in a village with its first risk level.',
    payload: z.object({
      areaId: uuidSchema,
      regionCode: villageCodeSchema,
      name: z.string(),
      riskLevel: riskLevelSchema,
      assessedOn: isoDateSchema,
    }),
  }),
  vulnerableAreaAssessed: defineEvent({
    service: 'prevention',
    aggregate: 'vulnerable_area',
    verb: 'assessed',
    version: 1,
    description:
      'A vulnerable area was assessed again. currentRiskLevel is the level of its latest assessment by date (a back-dated assessment does not replace it).',
    payload: z.object({
      areaId: uuidSchema,
      assessmentId: uuidSchema,
      regionCode: villageCodeSchema,
      riskLevel: riskLevelSchema,
      assessedOn: isoDateSchema,
      previousRiskLevel: riskLevelSchema,
      currentRiskLevel: riskLevelSchema,
    }),
  }),
  bersinarVillageDesignated: defineEvent({
    service: 'prevention',
    aggregate: 'bersinar_village',
    verb: 'designated',
    version: 1,
    description: 'A village was designated Desa/Kelurahan Bersinar (drug-free village programme).',
    payload: z.object({
      villageId: uuidSchema,
      regionCode: villageCodeSchema,
      designatedOn: isoDateSchema,
      status: bersinarStatusSchema,
    }),
  }),
  trainingHeld: defineEvent({
    service: 'prevention',
    aggregate: 'training',
    verb: 'held',
    version: 1,
    description: 'A training of P4GN activists (penggiat) was held.',
    payload: z.object({
      trainingId: uuidSchema,
      regionCode: regionCodeSchema,
      on: isoDateSchema,
      trained: z.number().int().min(1),
      sector: trainingSectorSchema,
    }),
  }),
} as const;
