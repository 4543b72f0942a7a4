import { z } from 'zod';
import { assessmentClockFields, overdueFilterSchema } from './assessment-clock.js';
import { TAT_RECOMMENDATIONS } from './policy.js';
import {
  ageBandSchema,
  instantSchema,
  isoDateSchema,
  pageQuerySchema,
  pageSchema,
  pastDateSchema,
  sexSchema,
  substanceSchema,
  text,
  uuidSchema,
} from './common.js';
import type { Substance } from './common.js';
import { defineEvent } from './envelope.js';
import { regionCodeSchema } from './regions.js';
import { defineRpc } from './rpc.js';

// ---------- vocabulary ----------

/** Agencies that open narcotics cases: BNN's eradication section and the police narcotics units. */
export const CASE_AGENCIES = ['BNN', 'POLRI'] as const;
export const caseAgencySchema = z.enum(CASE_AGENCIES);

/** A case moves forward only: penyidikan → penuntutan → persidangan → closed. */
export const CASE_STAGES = ['investigation', 'prosecution', 'trial', 'closed'] as const;
export const caseStageSchema = z.enum(CASE_STAGES);
export type CaseStage = z.infer<typeof caseStageSchema>;

/** `trafficker` is the bandar. Only a `user` may be sent to integrated assessment. */
export const SUSPECT_ROLES = ['user', 'courier', 'dealer', 'trafficker'] as const;
export const suspectRoleSchema = z.enum(SUSPECT_ROLES);
export type SuspectRole = z.infer<typeof suspectRoleSchema>;

export const SUSPECT_STATUSES = ['recorded', 'assessment_requested', 'referred_to_rehab', 'legal_process'] as const;
export const suspectStatusSchema = z.enum(SUSPECT_STATUSES);
export type SuspectStatus = z.infer<typeof suspectStatusSchema>;

export const SEIZURE_UNITS = ['g', 'tablet', 'ml', 'plant'] as const;
export const seizureUnitSchema = z.enum(SEIZURE_UNITS);
export type SeizureUnit = z.infer<typeof seizureUnitSchema>;

/** The units evidence of each substance is weighed or counted in; anything else is a recording mistake. */
export const UNITS_BY_SUBSTANCE: Record<Substance, readonly SeizureUnit[]> = {
  methamphetamine: ['g', 'tablet'],
  mdma: ['g', 'tablet'],
  cannabis: ['g', 'plant'],
  heroin: ['g'],
  cocaine: ['g'],
  synthetic_cannabinoid: ['g', 'ml'],
  other: ['g', 'tablet', 'ml', 'plant'],
};

export const OPERATION_KINDS = ['raid', 'patrol', 'checkpoint'] as const;
export const operationKindSchema = z.enum(OPERATION_KINDS);

export const VENUE_TYPES = [
  'nightlife',
  'residence',
  'boarding_house',
  'hotel',
  'workplace',
  'school',
  'public_space',
  'transport_hub',
  'prison',
  'other',
] as const;
export const venueTypeSchema = z.enum(VENUE_TYPES);

export const recommendationSchema = z.enum(TAT_RECOMMENDATIONS);
export type Recommendation = z.infer<typeof recommendationSchema>;

export const ASSESSMENT_STATUSES = ['pending', 'completed'] as const;
export const assessmentStatusSchema = z.enum(ASSESSMENT_STATUSES);

/** 18 integer digits, a point and 6 decimals: the numeric(24,6) column as text. */
const QUANTITY_LENGTH = 25;

/**
 * An exact decimal quantity, carried as a string so 307.527 g stays 307.527 g (a JSON number is
 * accepted and read back as the shortest decimal that names it). At most 18 integer and 6
 * fractional digits: the numeric(24,6) column. The string sent may carry white space around it.
 */
export const decimalQuantitySchema = z
  .union([z.string().max(64), z.number()])
  .transform((value) => (typeof value === 'number' ? String(value) : value.trim()))
  .pipe(
    z
      .string()
      .max(QUANTITY_LENGTH)
      .regex(/^\d{1,18}(\.\d{1,6})?$/, {
        message: 'must be a positive decimal number with at most 6 decimals, such as 307.527',
        abort: true,
      })
      .refine((value) => /[1-9]/.test(value), 'must be greater than zero'),
  );

/** ISO 3166-1 alpha-2, e.g. `ID` for an Indonesian citizen (WNI). */
export const nationalitySchema = z
  .string()
  .max(2)
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as ID');

/** Limits shared by an input and the answer that echoes it back. */
const REFERENCE_LENGTH = 100;
const FACILITY_NAME_LENGTH = 200;
/** People tested in one raid, patrol or checkpoint. */
const MAX_PEOPLE_TESTED = 1_000_000;
/** Inmates of one prison: the largest lapas hold a few thousand. */
const MAX_INMATES = 100_000;

const idParam = { id: uuidSchema };

// ---------- request/reply (the enforcement service's routes) ----------

export const openCaseInput = z.object({
  regionCode: regionCodeSchema,
  agency: caseAgencySchema,
  openedOn: pastDateSchema,
  reference: text(REFERENCE_LENGTH, { trim: true, min: 1 }).optional(),
});
export const caseSchema = z.object({
  id: uuidSchema,
  regionCode: regionCodeSchema,
  agency: caseAgencySchema,
  openedOn: isoDateSchema,
  reference: text(REFERENCE_LENGTH).nullable(),
  stage: caseStageSchema,
  stageChangedOn: isoDateSchema,
  createdAt: instantSchema,
});
export type Case = z.infer<typeof caseSchema>;

export const changeCaseStageInput = z.object({ ...idParam, stage: caseStageSchema, on: pastDateSchema });

export const listCasesInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  stage: caseStageSchema.optional(),
});

export const recordSuspectInput = z.object({
  caseId: uuidSchema,
  role: suspectRoleSchema,
  sex: sexSchema,
  age: z.number().int().min(0).max(120),
  nationality: nationalitySchema,
});
/** Pseudonymous: a suspect is an id, a role and a few facts; never a name. */
export const suspectSchema = z.object({
  id: uuidSchema,
  caseId: uuidSchema,
  regionCode: regionCodeSchema,
  role: suspectRoleSchema,
  sex: sexSchema,
  age: z.number().int().min(0).max(120),
  ageBand: ageBandSchema,
  nationality: text(2),
  status: suspectStatusSchema,
  /** Every seizure of the suspect is within the SEMA 4/2010 one-day-use limits (false with none). */
  assessmentEligible: z.boolean(),
  createdAt: instantSchema,
});
export type Suspect = z.infer<typeof suspectSchema>;

export const recordSeizureInput = z
  .object({
    caseId: uuidSchema,
    /** Present for evidence found on one suspect; absent for evidence of the case as a whole. */
    suspectId: uuidSchema.optional(),
    substance: substanceSchema,
    quantity: decimalQuantitySchema,
    unit: seizureUnitSchema,
    seizedOn: pastDateSchema,
  })
  .superRefine((value, ctx) => {
    if (!UNITS_BY_SUBSTANCE[value.substance].includes(value.unit)) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `${value.substance} is recorded in ${UNITS_BY_SUBSTANCE[value.substance].join(' or ')}`,
      });
    }
  });
export const seizureSchema = z.object({
  id: uuidSchema,
  caseId: uuidSchema,
  suspectId: uuidSchema.nullable(),
  regionCode: regionCodeSchema,
  substance: substanceSchema,
  quantity: text(QUANTITY_LENGTH),
  unit: seizureUnitSchema,
  seizedOn: isoDateSchema,
  withinOneDayUse: z.boolean(),
  createdAt: instantSchema,
});
export type Seizure = z.infer<typeof seizureSchema>;

export const requestAssessmentInput = z.object({ suspectId: uuidSchema, requestedOn: pastDateSchema });
/** What enforcement may know of an assessment: its status and the recommendation, nothing clinical. */
export const assessmentRequestSchema = z.object({
  id: uuidSchema,
  caseId: uuidSchema,
  suspectId: uuidSchema,
  regionCode: regionCodeSchema,
  requestedOn: isoDateSchema,
  dueOn: isoDateSchema,
  status: assessmentStatusSchema,
  recommendation: recommendationSchema.nullable(),
  decidedOn: isoDateSchema.nullable(),
  ...assessmentClockFields,
  /** The day rehab's notice that the request passed its due date undecided arrived (rehab.assessment.overdue.v1). */
  overdueNotifiedOn: isoDateSchema.nullable(),
  createdAt: instantSchema,
});
export type AssessmentRequest = z.infer<typeof assessmentRequestSchema>;

export const listAssessmentRequestsInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  /** true: only requests past their 6-day due date with no result yet; false: all others. */
  overdue: overdueFilterSchema.optional(),
});

export const recordOperationInput = z
  .object({
    regionCode: regionCodeSchema,
    kind: operationKindSchema,
    venueType: venueTypeSchema.optional(),
    on: pastDateSchema,
    peopleTested: z.number().int().min(0).max(MAX_PEOPLE_TESTED),
    positives: z.number().int().min(0).max(MAX_PEOPLE_TESTED),
  })
  .superRefine((value, ctx) => {
    if (value.positives > value.peopleTested) {
      ctx.addIssue({ code: 'custom', path: ['positives'], message: 'must not exceed peopleTested' });
    }
  });
export const operationSchema = z.object({
  id: uuidSchema,
  regionCode: regionCodeSchema,
  kind: operationKindSchema,
  venueType: venueTypeSchema.nullable(),
  on: isoDateSchema,
  peopleTested: z.number().int().min(0).max(MAX_PEOPLE_TESTED),
  positives: z.number().int().min(0).max(MAX_PEOPLE_TESTED),
  createdAt: instantSchema,
});
export type Operation = z.infer<typeof operationSchema>;

export const recordPrisonSnapshotInput = z
  .object({
    regionCode: regionCodeSchema,
    facilityName: text(FACILITY_NAME_LENGTH, { trim: true, min: 1 }),
    on: pastDateSchema,
    capacity: z.number().int().min(1).max(MAX_INMATES),
    occupancy: z.number().int().min(0).max(MAX_INMATES),
    narcoticsInmates: z.number().int().min(0).max(MAX_INMATES),
  })
  .superRefine((value, ctx) => {
    if (value.narcoticsInmates > value.occupancy) {
      ctx.addIssue({ code: 'custom', path: ['narcoticsInmates'], message: 'must not exceed occupancy' });
    }
  });
export const prisonSnapshotSchema = z.object({
  id: uuidSchema,
  regionCode: regionCodeSchema,
  facilityName: text(FACILITY_NAME_LENGTH),
  on: isoDateSchema,
  capacity: z.number().int().min(1).max(MAX_INMATES),
  occupancy: z.number().int().min(0).max(MAX_INMATES),
  narcoticsInmates: z.number().int().min(0).max(MAX_INMATES),
  createdAt: instantSchema,
});
export type PrisonSnapshot = z.infer<typeof prisonSnapshotSchema>;

export const EnforcementRpc = {
  openCase: defineRpc({
    service: 'enforcement',
    name: 'case.open',
    input: openCaseInput,
    output: caseSchema,
    description: 'Open a narcotics case; it starts in investigation.',
  }),
  getCase: defineRpc({
    service: 'enforcement',
    name: 'case.get',
    input: z.object(idParam),
    output: caseSchema,
    description: 'One case and its current stage.',
  }),
  listCases: defineRpc({
    service: 'enforcement',
    name: 'case.list',
    input: listCasesInput,
    output: pageSchema(caseSchema),
    description: 'Cases in a region and below, optionally at one stage.',
  }),
  changeCaseStage: defineRpc({
    service: 'enforcement',
    name: 'case.change_stage',
    input: changeCaseStageInput,
    output: caseSchema,
    description: 'Move a case forward: investigation → prosecution → trial → closed; never back.',
  }),
  recordSuspect: defineRpc({
    service: 'enforcement',
    name: 'suspect.record',
    input: recordSuspectInput,
    output: suspectSchema,
    description: 'Record a pseudonymous suspect of a case with their role.',
  }),
  getSuspect: defineRpc({
    service: 'enforcement',
    name: 'suspect.get',
    input: z.object(idParam),
    output: suspectSchema,
    description: 'One suspect: role, status and assessment eligibility.',
  }),
  recordSeizure: defineRpc({
    service: 'enforcement',
    name: 'seizure.record',
    input: recordSeizureInput,
    output: seizureSchema,
    description: 'Record seized evidence of a case, or of one suspect when suspectId is given.',
  }),
  requestAssessment: defineRpc({
    service: 'enforcement',
    name: 'assessment.request',
    input: requestAssessmentInput,
    output: assessmentRequestSchema,
    description: 'Ask the integrated assessment team (TAT) to assess a user-suspect; the 6-day clock starts.',
  }),
  getAssessmentRequest: defineRpc({
    service: 'enforcement',
    name: 'assessment.get',
    input: z.object(idParam),
    output: assessmentRequestSchema,
    description: 'An assessment request: status and recommendation only.',
  }),
  listAssessmentRequests: defineRpc({
    service: 'enforcement',
    name: 'assessment.list',
    input: listAssessmentRequestsInput,
    output: pageSchema(assessmentRequestSchema),
    description: 'Assessment requests in a region and below; overdue=true keeps those past 6 days without a result.',
  }),
  recordOperation: defineRpc({
    service: 'enforcement',
    name: 'operation.record',
    input: recordOperationInput,
    output: operationSchema,
    description: 'Record a raid, patrol or checkpoint and how many people tested positive.',
  }),
  recordPrisonSnapshot: defineRpc({
    service: 'enforcement',
    name: 'prison_snapshot.record',
    input: recordPrisonSnapshotInput,
    output: prisonSnapshotSchema,
    description: 'Record a prison (lapas) occupancy snapshot for one facility and date.',
  }),
} as const;

// ---------- events (pseudonymous suspects: no names, ever) ----------

/** The integrated-assessment request rehab's pending queue consumes. The 6-day clock runs from requestedOn. */
export const assessmentRequestedPayload = z.object({
  assessmentId: uuidSchema,
  caseId: uuidSchema,
  suspectId: uuidSchema,
  regionCode: regionCodeSchema,
  requestedOn: isoDateSchema,
  /** requestedOn + 6 days (Peraturan Bersama 2014). */
  dueOn: isoDateSchema,
  sex: sexSchema,
  ageBand: ageBandSchema,
  /** Every seizure of the suspect is within the SEMA 4/2010 one-day-use limits. */
  assessmentEligible: z.boolean(),
});

export const EnforcementEvents = {
  caseOpened: defineEvent({
    service: 'enforcement',
    aggregate: 'case',
    verb: 'opened',
    version: 1,
    description: 'A narcotics case was opened by BNN or the police; it starts in investigation.',
    payload: z.object({
      caseId: uuidSchema,
      regionCode: regionCodeSchema,
      agency: caseAgencySchema,
      openedOn: isoDateSchema,
    }),
  }),
  caseStageChanged: defineEvent({
    service: 'enforcement',
    aggregate: 'case',
    verb: 'stage_changed',
    version: 1,
    description: 'A case moved forward to its next stage (or was closed).',
    payload: z.object({
      caseId: uuidSchema,
      from: caseStageSchema,
      to: caseStageSchema,
      on: isoDateSchema,
    }),
  }),
  suspectRecorded: defineEvent({
    service: 'enforcement',
    aggregate: 'suspect',
    verb: 'recorded',
    version: 1,
    description: 'A suspect was recorded: role, sex, age band and nationality; no name, no exact age.',
    payload: z.object({
      suspectId: uuidSchema,
      caseId: uuidSchema,
      role: suspectRoleSchema,
      sex: sexSchema,
      ageBand: ageBandSchema,
      nationality: z.string(),
    }),
  }),
  seizureRecorded: defineEvent({
    service: 'enforcement',
    aggregate: 'seizure',
    verb: 'recorded',
    version: 1,
    description: 'Evidence was seized. The quantity is an exact decimal string.',
    payload: z.object({
      seizureId: uuidSchema,
      caseId: uuidSchema,
      suspectId: uuidSchema.nullable(),
      substance: substanceSchema,
      quantity: z.string(),
      unit: seizureUnitSchema,
      seizedOn: isoDateSchema,
      withinOneDayUse: z.boolean(),
      /** The suspect's eligibility after this seizure; null for case-level evidence. */
      suspectAssessmentEligible: z.boolean().nullable(),
    }),
  }),
  assessmentRequested: defineEvent({
    service: 'enforcement',
    aggregate: 'assessment',
    verb: 'requested',
    version: 1,
    description: 'Enforcement asked the integrated assessment team (TAT) to assess a user-suspect.',
    payload: assessmentRequestedPayload,
  }),
  assessmentResultRecorded: defineEvent({
    service: 'enforcement',
    aggregate: 'assessment',
    verb: 'result_recorded',
    version: 1,
    description: "Enforcement recorded the TAT's recommendation for its request, and the suspect's resulting status.",
    payload: z.object({
      assessmentId: uuidSchema,
      caseId: uuidSchema,
      suspectId: uuidSchema,
      recommendation: recommendationSchema,
      requestedOn: isoDateSchema,
      dueOn: isoDateSchema,
      decidedOn: isoDateSchema,
      withinDeadline: z.boolean(),
      suspectStatus: suspectStatusSchema,
    }),
  }),
  operationRecorded: defineEvent({
    service: 'enforcement',
    aggregate: 'operation',
    verb: 'recorded',
    version: 1,
    description: 'A raid, patrol or checkpoint was carried out; people tested and positives.',
    payload: z.object({
      operationId: uuidSchema,
      regionCode: regionCodeSchema,
      kind: operationKindSchema,
      venueType: venueTypeSchema.nullable(),
      on: isoDateSchema,
      peopleTested: z.number().int(),
      positives: z.number().int(),
    }),
  }),
  prisonSnapshotRecorded: defineEvent({
    service: 'enforcement',
    aggregate: 'prison_snapshot',
    verb: 'recorded',
    version: 1,
    description: 'Occupancy of one prison (lapas) on one date.',
    payload: z.object({
      snapshotId: uuidSchema,
      regionCode: regionCodeSchema,
      facilityName: z.string(),
      on: isoDateSchema,
      capacity: z.number().int(),
      occupancy: z.number().int(),
      narcoticsInmates: z.number().int(),
    }),
  }),
} as const;
