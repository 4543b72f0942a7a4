/** How a call is retried when the gateway answers that it is busy (429) or a service is down (503). */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 turns retrying off). */
  retries?: number;
  /** A call gives up rather than wait past this many ms since it started, counting waits (default 30 000). */
  maxElapsedMs?: number;
  /** The first wait when the answer has no Retry-After; it doubles with each retry (default 250). */
  baseDelayMs?: number;
}

export interface RetryPolicy {
  retries: number;
  maxElapsedMs: number;
  baseDelayMs: number;
}

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    retries: Math.max(0, options.retries ?? 3),
    maxElapsedMs: Math.max(0, options.maxElapsedMs ?? 30_000),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 250),
  };
}

/**
 * The wait a Retry-After header asks for, in ms: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3); a date already past asks for no wait. Undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP date form starts with the day's name; Date.parse alone would take '-3' as a year.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Whether an answer is worth the same request again: 429 and 503 always; a 409 with Retry-After
 * to a write that carried an Idempotency-Key is the gateway saying the first attempt is still
 * running (apps/gateway/src/http/idempotency.ts), and asking again then returns its answer.
 */
export function isRetryable(response: Response, sentIdempotencyKey: boolean): boolean {
  if (response.status === 429 || response.status === 503) return true;
  return response.status === 409 && sentIdempotencyKey && response.headers.has('retry-after');
}

/**
 * The ms to wait before retry number `attempt + 1`, or undefined to give up: when the retries
 * are spent, or when the wait would carry the call past its time budget (waiting less than the
 * server asked would only be refused again).
 */
export function nextDelay(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  retryAfter: string | null,
  random: () => number = Math.random,
  now: number = Date.now(),
): number | undefined {
  if (attempt >= policy.retries) return undefined;
  const asked = retryAfterMs(retryAfter, now);
  // Without a hint: exponential backoff with jitter, so clients refused together do not return together.
  const backoff = policy.baseDelayMs * 2 ** attempt;
  const delay = asked ?? backoff / 2 + random() * (backoff / 2);
  return elapsedMs + delay > policy.maxElapsedMs ? undefined : delay;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
