import { z } from 'zod';
import { instantSchema, text, uuidSchema } from './common.js';
import { http } from './http.js';
import { defineRpc } from './rpc.js';

/**
 * Reporting's report queue, as an operator sees it: counts by state and the latest jobs with
 * who asked for which report. Only reporting knows its queue (its name, its Redis); the
 * gateway's dashboard (apps/gateway/src/admin/queue-dashboard.ts) renders these answers. The
 * queue is national, so reporting answers only a national admin (role admin, region ID) and
 * refuses everyone else with 403, whatever the gateway checked.
 *
 * What leaves: job ids, report keys (kind, region, period), states, attempts, timings, a
 * failure's reason, and the requester's user id (staff data, for national admins only). Never a
 * report's figures and never anything of a client.
 */
export const QUEUE_JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;
export const queueJobStateSchema = z.enum(QUEUE_JOB_STATES);
export type QueueJobState = z.infer<typeof queueJobStateSchema>;

/**
 * A BullMQ job id: a report's UUID, or a scheduler's `repeat:…` id. Only a lookup key, so any
 * bounded text: reporting decides who may ask (403) before an id that names no job is 404.
 */
export const queueJobIdSchema = text(200, { min: 1 });

export const queueOverviewInput = z.object({
  /** Only jobs in this state; all states (newest first) when left out. */
  state: queueJobStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const queueJobSchema = z.object({
  id: queueJobIdSchema,
  /** `generate-report`, `scheduled-period` or `report-retention`. */
  name: text(100, { clip: true }),
  state: z.union([queueJobStateSchema, z.literal('unknown')]),
  /** The report a `generate-report` job makes; null for housekeeping jobs or a report already deleted. */
  report: z
    .object({
      id: uuidSchema,
      kind: text(40),
      regionCode: text(40),
      periodKey: text(20),
      status: text(20),
    })
    .nullable(),
  /** Who asked: a user id (`sub`), or `schedule:<name>`. Null when the report row is gone. */
  requestedBy: text(255, { clip: true }).nullable(),
  priority: z.number().int().min(0),
  attemptsMade: z.number().int().min(0),
  /** Why the last attempt failed (the worker's message, at most 500 characters). */
  failedReason: text(500, { clip: true }).nullable(),
  createdAt: instantSchema,
  processedAt: instantSchema.nullable(),
  finishedAt: instantSchema.nullable(),
});
export type QueueJob = z.infer<typeof queueJobSchema>;

export const queueOverviewSchema = z.object({
  counts: z.record(queueJobStateSchema, z.number().int().min(0)),
  jobs: z.array(queueJobSchema).max(100),
  /** The limits reporting applies to each user (docs/operations.md, "Report quotas and retention"). */
  quota: z.object({ activePerUser: z.number().int(), perUserPerHour: z.number().int() }),
  retention: z.object({ days: z.number().int(), scheduledDays: z.number().int() }),
});
export type QueueOverview = z.infer<typeof queueOverviewSchema>;

export const queueJobActionInput = z.object({ id: queueJobIdSchema });
export const queueJobActionSchema = z.object({
  id: queueJobIdSchema,
  /** The job's state after the action: `waiting`/`prioritized` after a retry, `removed` after a removal. */
  state: text(20),
});

export const ReportQueueRpc = {
  overview: defineRpc({
    service: 'reporting',
    name: 'queue.overview',
    input: queueOverviewInput,
    output: queueOverviewSchema,
    description: "The report queue's counts by state and its latest jobs (national admins only).",
  }),
  retry: defineRpc({
    service: 'reporting',
    name: 'queue.retry',
    input: queueJobActionInput,
    output: queueJobActionSchema,
    description: 'Runs a failed job again; its report is queued again (national admins only).',
  }),
  remove: defineRpc({
    service: 'reporting',
    name: 'queue.remove',
    input: queueJobActionInput,
    output: queueJobActionSchema,
    description: 'Removes a failed job from the queue; its report row keeps its failed status (national admins only).',
  }),
} as const;

/**
 * The queue's JSON API for scripts (bearer tokens), mounted by the gateway's route adapter like
 * every line of packages/contracts/src/routes.ts. The gateway's HTML dashboard (/admin/queues)
 * calls the same contracts with its session cookie.
 */
export const REPORT_QUEUE_ROUTES = [
  http.get('/v1/reporting/queue', ReportQueueRpc.overview, ['admin'], {
    summary: "The report queue's counts and latest jobs (national admins)",
  }),
  http.post('/v1/reporting/queue/jobs/:id/retry', ReportQueueRpc.retry, ['admin'], {
    params: { id: 'id' },
    input: 'none',
    status: 200,
    summary: 'Retry a failed report job (national admins)',
  }),
  http.delete('/v1/reporting/queue/jobs/:id', ReportQueueRpc.remove, ['admin'], {
    params: { id: 'id' },
    input: 'none',
    summary: 'Remove a failed report job (national admins)',
  }),
];
