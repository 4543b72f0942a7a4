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
  /**
   * Per-user quotas on report jobs (docs/operations.md, "Report quotas and retention"): at most
   * this many of a user's reports queued or running at once, and at most REPORT_QUOTA_PER_HOUR
   * accepted requests in any hour. Beyond either, a request answers 429 with when to retry.
   * Asking again for a report already queued is free; schedules have no quota.
   */
  REPORT_QUOTA_ACTIVE: z.coerce.number().int().min(1).max(1000).default(5),
  REPORT_QUOTA_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(60),
  /**
   * Finished reports (and their stored results) are deleted once they were requested this many
   * days ago: on-demand reports are working copies that anyone in scope can request again.
   */
  REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /**
   * Scheduled reports (monthly, quarterly, annual) are the agency's periodic record, read back
   * at year ends and audits against the national plan's targets: kept five years by default.
   * Schedules stop owing periods older than this, so the reconciler does not regenerate what
   * retention deleted.
   */
  REPORT_RETENTION_SCHEDULED_DAYS: z.coerce.number().int().min(1).max(36_500).default(1826),
  /** How often the retention job runs (a BullMQ job scheduler: one replica runs each round). */
  REPORT_RETENTION_EVERY_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(6 * 3600 * 1000),
  /** Days after a month's end by which a unit's records of that month count as on time. */
  REPORTING_DEADLINE_DAYS: z.coerce.number().int().min(0).max(366).default(10),
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
