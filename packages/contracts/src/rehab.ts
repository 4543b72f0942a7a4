import { z } from 'zod';
import {
  ageBandSchema,
  isoDateSchema,
  pageQuerySchema,
  pageSchema,
  pastDateSchema,
  sexSchema,
  substanceSchema,
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

// ---------- request/reply ----------

export const registerFacilityInput = z.object({
  name: z.string().trim().min(1).max(200),
  kind: facilityKindSchema,
  regionCode: regionCodeSchema,
});
export const facilitySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  kind: facilityKindSchema,
  regionCode: regionCodeSchema,
  createdAt: z.iso.datetime({ offset: true }),
});
export type Facility = z.infer<typeof facilitySchema>;

export const listFacilitiesInput = pageQuerySchema.extend({
  regionCode: regionCodeSchema.optional(),
  kind: facilityKindSchema.optional(),
});

/** NIK: the 16-digit national id number. Only rehab ever sees it, encrypted. */
export const nikSchema = z.string().regex(/^\d{16}$/, 'must be 16 digits');

export const identitySchema = z.object({
  fullName: z.string().trim().min(1).max(200),
  nik: nikSchema.optional(),
  birthDate: pastDateSchema,
  address: z.string().trim().min(1).max(500).optional(),
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
  createdAt: z.iso.datetime({ offset: true }),
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
} as const;

// ---------- events (no personal data: pseudonymous ids, region, age band, sex, substance, dates) ----------

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
  clientAdmitted: defineEvent({
    service: 'rehab',
    aggregate: 'client',
    verb: 'admitted',
    version: 1,
    description: 'A client was admitted to a rehabilitation program.',
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
  assessmentCompleted: defineEvent({
    service: 'rehab',
    aggregate: 'assessment',
    verb: 'completed',
    version: 1,
    description:
      'The TAT decided an integrated assessment. Carries only the outcome: no clinical detail crosses to enforcement.',
    payload: z.object({
      assessmentId: uuidSchema,
      recommendation: z.enum(['outpatient', 'inpatient', 'legal_process']),
      decidedOn: isoDateSchema,
    }),
  }),
} as const;
