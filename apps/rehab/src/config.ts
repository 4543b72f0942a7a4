import { SERVICE_SECRETS, serviceEnvSchema } from '@sinergi/runtime';
import { z } from 'zod';

const base64Key = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

/**
 * Identity keys: `IDENTITY_KEYS=k2:<base64>,k1:<base64>` (every key still needed to read old values)
 * and `IDENTITY_KEY_ID=k2` (the one new values are encrypted with). `NIK_HASH_KEY` keys the NIK
 * hash used for de-duplication.
 */
export const rehabEnvSchema = serviceEnvSchema('rehab')
  .extend({
    IDENTITY_KEYS: z.string({ message: 'is required: id:base64key[,id:base64key...]' }).transform((value, ctx) => {
      const keys = new Map<string, Buffer>();
      for (const entry of value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const [id, key] = entry.split(':');
        if (!id || !key || !/^[A-Za-z0-9_-]+$/.test(id) || !base64Key.safeParse(key).success) {
          ctx.addIssue({ code: 'custom', message: `entry "${id ?? entry}" must be id:<32 bytes base64>` });
          return z.NEVER;
        }
        keys.set(id, Buffer.from(key, 'base64'));
      }
      if (keys.size === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one key' });
      return keys;
    }),
    IDENTITY_KEY_ID: z.string({ message: 'is required: the id of the key new identities are encrypted with' }),
    NIK_HASH_KEY: base64Key,
    /**
     * Keys the referral reference that links a TAT-referred admission to its assessment for
     * reporting, without naming enforcement's assessment id (rehab and reporting hold it).
     */
    REFERRAL_LINK_KEY: base64Key,
    /** Time between rounds of the overdue-assessment sweep (assessments/assessment-overdue.sweep.ts). */
    ASSESSMENT_SWEEP_EVERY_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
    /** Assessments the sweep claims per transaction. */
    ASSESSMENT_SWEEP_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
  })
  .refine((env) => env.IDENTITY_KEYS.has(env.IDENTITY_KEY_ID), {
    message: 'must name one of IDENTITY_KEYS',
    path: ['IDENTITY_KEY_ID'],
  });

export const REHAB_SECRETS = [...SERVICE_SECRETS, 'IDENTITY_KEYS', 'NIK_HASH_KEY', 'REFERRAL_LINK_KEY'];

export type RehabConfig = z.infer<typeof rehabEnvSchema>;
export const REHAB_CONFIG = Symbol('REHAB_CONFIG');
