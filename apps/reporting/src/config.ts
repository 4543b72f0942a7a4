import { SERVICE_SECRETS, serviceEnvSchema } from '@sinergi/runtime';
import { z } from 'zod';

export const reportingEnvSchema = serviceEnvSchema('reporting').extend({
  /** The key of rehab's referral references (apps/rehab/src/config.ts): links referrals to admissions. */
  REFERRAL_LINK_KEY: z
    .string({ message: 'is required: 32 bytes, base64 (the same key rehab holds)' })
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
  /** BullMQ key prefix: runs sharing one Redis stay apart. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .default('sinergi'),
  REPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** How often the schedule reconciler looks for missed periods. */
  RECONCILE_EVERY_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10 * 60 * 1000),
});
export const REPORTING_SECRETS = [...SERVICE_SECRETS, 'REDIS_URL', 'REFERRAL_LINK_KEY'];
export type ReportingConfig = z.infer<typeof reportingEnvSchema>;
export const REPORTING_CONFIG = Symbol('REPORTING_CONFIG');
