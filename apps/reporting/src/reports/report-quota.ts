import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@sinergi/contracts';
import { DomainError } from '@sinergi/runtime';

export interface QuotaLimits {
  /** At most this many of a user's reports queued or running at once. */
  active: number;
  /** At most this many accepted requests in any hour. */
  perHour: number;
}

/** What a user over the active quota is told to wait: a report takes seconds, rarely more. */
export const ACTIVE_RETRY_AFTER_S = 15;

/**
 * Job priorities (BullMQ: lower runs first; 0, unset, before all, which the housekeeping jobs
 * use). A user's request runs at 1 + how many of theirs are already queued or running, so a
 * user's first report goes ahead of another user's second, and a burst of one user never makes
 * another wait behind all of it. Scheduled reports come after every user's: a person waits,
 * a schedule does not.
 */
export const SCHEDULED_PRIORITY = 10_000;
export const userPriority = (activeBefore: number) => Math.min(activeBefore + 1, SCHEDULED_PRIORITY - 1);

export function rateLimited(message: string, retryAfterSeconds: number, details: Record<string, unknown>) {
  return new DomainError(ErrorCode.RateLimited, message, undefined, { retryAfterSeconds, ...details });
}

/**
 * Makes one user's concurrent requests take turns until the transaction ends, so a burst
 * cannot slip past the counts; other users are not held up.
 */
export async function lockUser(tx: EntityManager, user: string): Promise<void> {
  await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`report-quota:${user}`]);
}

/**
 * Checks a user's quotas inside the transaction that then queues their report, under
 * lockUser. Returns how many of the user's reports are already active (their next job's
 * priority follows from it).
 */
export async function checkQuota(tx: EntityManager, user: string, limits: QuotaLimits): Promise<number> {
  const [active] = await tx.execute<{ n: number }[]>(
    `select count(*)::int as n from report where requested_by = ? and status in ('queued', 'running')`,
    [user],
  );
  const activeCount = Number(active?.n ?? 0);
  if (activeCount >= limits.active) {
    throw rateLimited(
      `you already have ${activeCount} reports queued or running (at most ${limits.active} at once); ` +
        `request more once one of them is done, in about ${ACTIVE_RETRY_AFTER_S} s`,
      ACTIVE_RETRY_AFTER_S,
      { quota: 'active', limit: limits.active },
    );
  }
  const [hour] = await tx.execute<{ n: number; retry_s: number | null }[]>(
    `select count(*)::int as n,
            ceil(extract(epoch from (min(requested_at) + interval '1 hour' - now())))::int as retry_s
       from report_request where requested_by = ? and requested_at > now() - interval '1 hour'`,
    [user],
  );
  const hourCount = Number(hour?.n ?? 0);
  if (hourCount >= limits.perHour) {
    const retryAfter = Math.max(1, Number(hour?.retry_s ?? 1));
    const at = new Date(Date.now() + retryAfter * 1000).toISOString();
    throw rateLimited(
      `you requested ${hourCount} reports in the last hour (at most ${limits.perHour}); try again in ${retryAfter} s (at ${at})`,
      retryAfter,
      { quota: 'hourly', limit: limits.perHour },
    );
  }
  return activeCount;
}

/** Counts one accepted request against the hourly quota. */
export async function countRequest(tx: EntityManager, user: string): Promise<void> {
  await tx.execute('insert into report_request (requested_by, requested_at) values (?, now())', [user]);
}
