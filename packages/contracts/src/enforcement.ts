import { z } from 'zod';
import { ageBandSchema, isoDateSchema, sexSchema, uuidSchema } from './common.js';
import { defineEvent } from './envelope.js';
import { regionCodeSchema } from './regions.js';

// ---------- request/reply (the enforcement service's routes) ----------

export const EnforcementRpc = {} as const;

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
  assessmentRequested: defineEvent({
    service: 'enforcement',
    aggregate: 'assessment',
    verb: 'requested',
    version: 1,
    description: 'Enforcement asked the integrated assessment team (TAT) to assess a user-suspect.',
    payload: assessmentRequestedPayload,
  }),
} as const;
