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
import { defineEvent } from './envelope.js';
import { regionCodeSchema } from './regions.js';
import { defineRpc } from './rpc.js';

export const FACILITY_KINDS = ['clinic', 'puskesmas', 'hospital', 'ibm_unit', 'social_rehab'] as const;
export const facilityKindSchema = z.enum(FACILITY_KINDS);
export const PROGRAMS = ['outpatient', 'inpatient'] as const;
export const programSchema = z.enum(PROGRAMS);
export const REFERRAL_SOURCES = ['voluntary', 'family', 'ipwl', 'tat', 'court'] as const;
export const referralSourceSchema = z.enum(REFERRAL_SOURCES);
export const DISCHARGE_OUTCOMES = ['completed', 'dropped_out', 'referred', 'deceased'] as const;
export const dischargeOutcomeSchema = z.enum(DISCHARGE_OUTCOMES);
export type DischargeOutcome = z.infer<typeof dischargeOutcomeSchema>;
export const FOLLOW_UP_STATUSES = ['abstinent', 'relapsed', 'lost_contact'] as const;
export const followUpStatusSchema = z.enum(FOLLOW_UP_STATUSES);
export type FollowUpStatus = z.infer<typeof followUpStatusSchema>;
export const CERTIFICATE_RESULTS = ['negative', 'positive'] as const;
export const certificateResultSchema = z.enum(CERTIFICATE_RESULTS);
/**
 * Why an SKHPN (Surat Keterangan Hasil Pemeriksaan Narkotika, drug-test certificate) was asked
 * for. A closed list, not free text: the purpose travels in events and a free text could carry a
 * name or an employer.
 */
export const CERTIFICATE_PURPOSES = [
  'employment',
  'education',
  'civil_service',
  'military_police',
  'driving_license',
  'firearm_license',
  'public_office',
  'legal',
  'other',
] as const;
export const certificatePurposeSchema = z.enum(CERTIFICATE_PURPOSES);
/** What the TAT may decide for an assessed user (the same values as enforcement's contract). */
export const tatRecommendationSchema = z.enum(TAT_RECOMMENDATIONS);
export type TatRecommendation = z.infer<typeof tatRecommendationSchema>;

/** Limits shared by an input and the answer that echoes it back. */
const NAME_LENGTH = 200;
const ADDRESS_LENGTH = 500;
const PURPOSE_LENGTH = 500;
const NOTES_LENGTH = 4000;

// ---------- request/reply ----------

export const registerFacilityInput = z.object({
  name: text(NAME_LENGTH, { trim: true, min: 1 }),
  kind: facilityKindSchema,
  regionCode: regionCodeSchema,
});
export const facilitySchema = z.object({
  id: uuidSchema,
  name: text(NAME_LENGTH),
  kind: facilityKindSchema,
  regionCode: regionCodeSchema,
  createdAt: instantSchema,
});
export type Facility = z.infer<typeof facilitySchema>;

export const listFacilitiesInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  kind: facilityKindSchema.optional(),
});

/** NIK: the 16-digit national id number. Only rehab ever sees it, encrypted. */
export const nikSchema = z
  .string()
  .max(16)
  .regex(/^\d{16}$/, 'must be 16 digits');

export const identitySchema = z.object({
  fullName: text(NAME_LENGTH, { trim: true, min: 1 }),
  nik: nikSchema.optional(),
  birthDate: pastDateSchema,
  address: text(ADDRESS_LENGTH, { trim: true, min: 1 }).optional(),
});
export type Identity = z.infer<typeof identitySchema>;

export const registerClientInput = z.object({
  identity: identitySchema,
  sex: sexSchema,
  regionCode: regionCodeSchema,
});
export const clientSchema = z.object({
  id: uuidSchema,
  ageBand: ageBandSchema,
  sex: sexSchema,
  regionCode: regionCodeSchema,
  createdAt: instantSchema,
});
export type Client = z.infer<typeof clientSchema>;

export const admitClientInput = z.object({
  clientId: uuidSchema,
  facilityId: uuidSchema,
  program: programSchema,
  source: referralSourceSchema,
  primarySubstance: substanceSchema,
  admittedOn: pastDateSchema,
  assessmentId: uuidSchema.optional(),
});
export const admissionSchema = z.object({
  id: uuidSchema,
  clientId: uuidSchema,
  facilityId: uuidSchema,
  program: programSchema,
  source: referralSourceSchema,
  primarySubstance: substanceSchema,
  admittedOn: isoDateSchema,
  assessmentId: uuidSchema.nullable(),
  status: z.enum(['open', 'discharged']),
  regionCode: regionCodeSchema,
});
export type Admission = z.infer<typeof admissionSchema>;

export const getClientInput = z.object({
  id: uuidSchema,
  /** The X-Purpose header: why an officer reads the identity; written to the audit log. */
  purpose: text(PURPOSE_LENGTH, { trim: true, min: 1 }).optional(),
});
/** A client; `identity` is present only for a rehab officer in scope, and that read is audited. */
export const clientDetailSchema = clientSchema.extend({ identity: identitySchema.optional() });
export type ClientDetail = z.infer<typeof clientDetailSchema>;

export const dischargeInput = z.object({
  admissionId: uuidSchema,
  outcome: dischargeOutcomeSchema,
  dischargedOn: pastDateSchema,
});
export const dischargedAdmissionSchema = admissionSchema.extend({
  outcome: dischargeOutcomeSchema,
  dischargedOn: isoDateSchema,
});
export type DischargedAdmission = z.infer<typeof dischargedAdmissionSchema>;

export const startAftercareInput = z.object({ admissionId: uuidSchema, startedOn: pastDateSchema });
export const followUpSchema = z.object({
  id: uuidSchema,
  aftercareId: uuidSchema,
  date: isoDateSchema,
  status: followUpStatusSchema,
  employed: z.boolean().nullable(),
  createdAt: instantSchema,
});
export type FollowUp = z.infer<typeof followUpSchema>;
/** Pascarehabilitasi: aftercare of a client who completed treatment, with follow-ups due at 1, 3 and 6 months. */
export const aftercareSchema = z.object({
  id: uuidSchema,
  admissionId: uuidSchema,
  clientId: uuidSchema,
  regionCode: regionCodeSchema,
  startedOn: isoDateSchema,
  dischargedOn: isoDateSchema,
  /** One per follow-up point: 1, 3 and 6 months. */
  dueDates: z.array(isoDateSchema).max(3),
  createdAt: instantSchema,
});
export type Aftercare = z.infer<typeof aftercareSchema>;

export const recordFollowUpInput = z.object({
  aftercareId: uuidSchema,
  date: pastDateSchema,
  status: followUpStatusSchema,
  employed: z.boolean().optional(),
});

export const listOverdueAftercareInput = pageQuerySchema.extend({ regionCode: regionCodeSchema.optional() });
export const overdueAftercareSchema = z.object({
  aftercareId: uuidSchema,
  admissionId: uuidSchema,
  clientId: uuidSchema,
  regionCode: regionCodeSchema,
  startedOn: isoDateSchema,
  /** The first due point (1, 3 or 6 months) left without a follow-up. */
  missedMonths: z.number().int().min(1).max(6),
  missedDueOn: isoDateSchema,
  lastFollowUpOn: isoDateSchema.nullable(),
});
export type OverdueAftercare = z.infer<typeof overdueAftercareSchema>;

export const issueCertificateInput = z.object({
  regionCode: regionCodeSchema,
  facilityId: uuidSchema,
  issuedOn: pastDateSchema,
  purpose: certificatePurposeSchema,
  result: certificateResultSchema,
});
export const certificateSchema = z.object({
  id: uuidSchema,
  facilityId: uuidSchema,
  regionCode: regionCodeSchema,
  issuedOn: isoDateSchema,
  purpose: certificatePurposeSchema,
  result: certificateResultSchema,
  createdAt: instantSchema,
});
export type Certificate = z.infer<typeof certificateSchema>;
export const listCertificatesInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  facilityId: uuidSchema.optional(),
  result: certificateResultSchema.optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});

export const TAT_ASSESSMENT_STATES = ['pending', 'completed'] as const;
export const listAssessmentsInput = pageQuerySchema.extend({
  status: z.enum(TAT_ASSESSMENT_STATES).optional(),
  regionCode: regionCodeSchema.optional(),
  /** true: only assessments past their 6-day due date with no result yet; false: all others. */
  overdue: overdueFilterSchema.optional(),
});
/** An integrated-assessment request as rehab's TAT queue holds it; notes never leave rehab. */
export const assessmentSchema = z.object({
  id: uuidSchema,
  caseId: uuidSchema,
  suspectId: uuidSchema,
  regionCode: regionCodeSchema,
  requestedOn: isoDateSchema,
  dueOn: isoDateSchema,
  sex: sexSchema,
  ageBand: ageBandSchema,
  assessmentEligible: z.boolean(),
  status: z.enum(TAT_ASSESSMENT_STATES),
  recommendation: tatRecommendationSchema.nullable(),
  decidedOn: isoDateSchema.nullable(),
  ...assessmentClockFields,
  /** When rehab.assessment.overdue.v1 was raised for it (at most once), or null. */
  overdueNotifiedAt: instantSchema.nullable(),
  notes: text(NOTES_LENGTH).nullable(),
  admissionId: uuidSchema.nullable(),
  createdAt: instantSchema,
});
export type Assessment = z.infer<typeof assessmentSchema>;
export const recordAssessmentResultInput = z.object({
  id: uuidSchema,
  recommendation: tatRecommendationSchema,
  decidedOn: pastDateSchema,
  notes: text(NOTES_LENGTH, { trim: true, min: 1 }).optional(),
});

export const listIdentityAuditInput = pageQuerySchema.extend({
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  clientId: uuidSchema.optional(),
});
export const identityAuditSchema = z.object({
  id: uuidSchema,
  clientId: uuidSchema,
  sub: text(255),
  agency: text(64),
  purpose: text(PURPOSE_LENGTH),
  regionCode: regionCodeSchema,
  readAt: instantSchema,
});
export type IdentityAudit = z.infer<typeof identityAuditSchema>;

export const RehabRpc = {
  registerFacility: defineRpc({
    service: 'rehab',
    name: 'facility.register',
    input: registerFacilityInput,
    output: facilitySchema,
    description: 'Register a rehabilitation facility (an IBM unit sits in a village).',
  }),
  listFacilities: defineRpc({
    service: 'rehab',
    name: 'facility.list',
    input: listFacilitiesInput,
    output: pageSchema(facilitySchema),
    description: 'List facilities in a region and below, optionally of one kind.',
  }),
  registerClient: defineRpc({
    service: 'rehab',
    name: 'client.register',
    input: registerClientInput,
    output: clientSchema,
    description: 'Register a client; identity is encrypted at rest and never leaves rehab.',
  }),
  admitClient: defineRpc({
    service: 'rehab',
    name: 'client.admit',
    input: admitClientInput,
    output: admissionSchema,
    description: 'Admit a client to an outpatient or inpatient program.',
  }),
  getClient: defineRpc({
    service: 'rehab',
    name: 'client.get',
    input: getClientInput,
    output: clientDetailSchema,
    description: 'A client; a rehab officer in scope also gets the identity (audited, needs a purpose).',
  }),
  dischargeClient: defineRpc({
    service: 'rehab',
    name: 'admission.discharge',
    input: dischargeInput,
    output: dischargedAdmissionSchema,
    description: 'Close an open admission with its outcome; the date cannot precede the admission.',
  }),
  startAftercare: defineRpc({
    service: 'rehab',
    name: 'aftercare.start',
    input: startAftercareInput,
    output: aftercareSchema,
    description: 'Start aftercare (pascarehabilitasi) for an admission discharged as completed.',
  }),
  recordFollowUp: defineRpc({
    service: 'rehab',
    name: 'aftercare.record_follow_up',
    input: recordFollowUpInput,
    output: followUpSchema,
    description: 'Record an aftercare follow-up: abstinent, relapsed or lost contact.',
  }),
  listOverdueAftercare: defineRpc({
    service: 'rehab',
    name: 'aftercare.list_overdue',
    input: listOverdueAftercareInput,
    output: pageSchema(overdueAftercareSchema),
    description: 'Clients in aftercare whose 1-, 3- or 6-month follow-up is overdue.',
  }),
  issueCertificate: defineRpc({
    service: 'rehab',
    name: 'certificate.issue',
    input: issueCertificateInput,
    output: certificateSchema,
    description: 'Record an SKHPN drug-test certificate issued by a facility.',
  }),
  listCertificates: defineRpc({
    service: 'rehab',
    name: 'certificate.list',
    input: listCertificatesInput,
    output: pageSchema(certificateSchema),
    description: 'SKHPN certificates in a region and below, by facility, result and issue date.',
  }),
  listAssessments: defineRpc({
    service: 'rehab',
    name: 'assessment.list',
    input: listAssessmentsInput,
    output: pageSchema(assessmentSchema),
    description:
      'Integrated assessments requested by enforcement with their 6-day clock; status=pending is the TAT queue, overdue=true those past their due date undecided.',
  }),
  recordAssessmentResult: defineRpc({
    service: 'rehab',
    name: 'assessment.record_result',
    input: recordAssessmentResultInput,
    output: assessmentSchema,
    description: 'Record the TAT recommendation; only the outcome is published, notes stay in rehab.',
  }),
  listIdentityAudit: defineRpc({
    service: 'rehab',
    name: 'audit.list',
    input: listIdentityAuditInput,
    output: pageSchema(identityAuditSchema),
    description: 'Who read which client identity, when and why.',
  }),
} as const;

// ---------- events (no personal data: pseudonymous ids, region, age band, sex, substance, dates) ----------

/** A referral's link for reporting: HMAC-SHA256 of the assessment id, base64url (packages/runtime/src/referral.ts). */
export const referralRefSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a referral reference');

export const RehabEvents = {
  facilityRegistered: defineEvent({
    service: 'rehab',
    aggregate: 'facility',
    verb: 'registered',
    version: 1,
    description: 'A rehabilitation facility was registered.',
    payload: z.object({
      facilityId: uuidSchema,
      kind: facilityKindSchema,
      name: z.string(),
      regionCode: regionCodeSchema,
    }),
  }),
  clientRegistered: defineEvent({
    service: 'rehab',
    aggregate: 'client',
    verb: 'registered',
    version: 1,
    description: 'A client was registered (pseudonymous id, age band and sex only).',
    payload: z.object({
      clientId: uuidSchema,
      regionCode: regionCodeSchema,
      ageBand: ageBandSchema,
      sex: sexSchema,
    }),
  }),
  clientAdmittedV1: defineEvent({
    service: 'rehab',
    aggregate: 'client',
    verb: 'admitted',
    version: 1,
    description:
      'Superseded by rehab.client.admitted.v2 and no longer published: it named the assessment id enforcement also holds. Old streams still carry it.',
    payload: z.object({
      admissionId: uuidSchema,
      clientId: uuidSchema,
      facilityId: uuidSchema,
      facilityKind: facilityKindSchema,
      program: programSchema,
      source: referralSourceSchema,
      primarySubstance: substanceSchema,
      admittedOn: isoDateSchema,
      ageBand: ageBandSchema,
      sex: sexSchema,
      assessmentId: uuidSchema.nullable(),
    }),
  }),
  clientAdmitted: defineEvent({
    service: 'rehab',
    aggregate: 'client',
    verb: 'admitted',
    version: 2,
    description:
      'A client was admitted to a rehabilitation program. A TAT referral is named only by its referralRef, a keyed hash of the assessment that enforcement cannot compute, so no event joins a suspect to a client.',
    payload: z.object({
      admissionId: uuidSchema,
      clientId: uuidSchema,
      facilityId: uuidSchema,
      facilityKind: facilityKindSchema,
      program: programSchema,
      source: referralSourceSchema,
      primarySubstance: substanceSchema,
      admittedOn: isoDateSchema,
      ageBand: ageBandSchema,
      sex: sexSchema,
      referralRef: referralRefSchema.nullable(),
    }),
  }),
  clientDischarged: defineEvent({
    service: 'rehab',
    aggregate: 'client',
    verb: 'discharged',
    version: 1,
    description: "An admission ended with its outcome; the envelope's regionCode is the facility's region.",
    payload: z.object({
      admissionId: uuidSchema,
      clientId: uuidSchema,
      program: programSchema,
      outcome: dischargeOutcomeSchema,
      admittedOn: isoDateSchema,
      dischargedOn: isoDateSchema,
    }),
  }),
  aftercareStarted: defineEvent({
    service: 'rehab',
    aggregate: 'aftercare',
    verb: 'started',
    version: 1,
    description: 'A client who completed treatment entered aftercare (pascarehabilitasi).',
    payload: z.object({
      aftercareId: uuidSchema,
      admissionId: uuidSchema,
      clientId: uuidSchema,
      startedOn: isoDateSchema,
      dischargedOn: isoDateSchema,
    }),
  }),
  followUpRecorded: defineEvent({
    service: 'rehab',
    aggregate: 'aftercare',
    verb: 'follow_up_recorded',
    version: 1,
    description: 'An aftercare follow-up was recorded.',
    payload: z.object({
      aftercareId: uuidSchema,
      clientId: uuidSchema,
      date: isoDateSchema,
      status: followUpStatusSchema,
      employed: z.boolean().nullable(),
    }),
  }),
  certificateIssued: defineEvent({
    service: 'rehab',
    aggregate: 'certificate',
    verb: 'issued',
    version: 1,
    description: 'An SKHPN drug-test certificate was issued; no person is named.',
    payload: z.object({
      certificateId: uuidSchema,
      facilityId: uuidSchema,
      issuedOn: isoDateSchema,
      purpose: certificatePurposeSchema,
      result: certificateResultSchema,
    }),
  }),
  assessmentCompleted: defineEvent({
    service: 'rehab',
    aggregate: 'assessment',
    verb: 'completed',
    version: 1,
    description:
      'The TAT decided an integrated assessment. Carries only the outcome: no clinical detail crosses to enforcement.',
    payload: z.object({
      assessmentId: uuidSchema,
      recommendation: tatRecommendationSchema,
      decidedOn: isoDateSchema,
    }),
  }),
  assessmentOverdue: defineEvent({
    service: 'rehab',
    aggregate: 'assessment',
    verb: 'overdue',
    version: 1,
    description:
      'An integrated assessment passed its 6-day due date without a result; raised once per assessment by rehab, which owes the answer. Carries the dates only: nothing clinical, no client.',
    payload: z.object({
      assessmentId: uuidSchema,
      requestedOn: isoDateSchema,
      dueOn: isoDateSchema,
    }),
  }),
} as const;
