/** How a call is retried when the gateway answers that it is busy (429) or a service is down (503). */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 turns retrying off). */
  retries?: number;
  /** A call gives up rather than wait past this many ms since it started, counting waits (default 30 000). */
  maxElapsedMs?: number;
  /** The first wait when the answer has no Retry-After; it doubles with each retry (default 250). */
  baseDelayMs?: number;
  /** The doubling stops at this wait (default 30 000), so many retries do not wait for hours. */
  maxBackoffMs?: number;
  /**
   * The statuses retried (default 429 and 503). A caller whose every write carries a key may add
   * 504 (the gateway keeps no answer of a 5xx, so the same key is sent on to the service again).
   */
  statuses?: readonly number[];
  /**
   * Also retry when no answer came at all: the connection refused or reset, the attempt's time
   * out (default false). Safe for reads and for writes, which each carry their Idempotency-Key.
   */
  networkErrors?: boolean;
  /** Told before each wait: to count or log retries (a 429 is the API's rate limit). */
  onRetry?: (retry: RetryEvent) => void;
}

/** One retry about to wait. */
export interface RetryEvent {
  method: string;
  url: string;
  /** 1 for the first retry of the call. */
  attempt: number;
  delayMs: number;
  /** The status answered, when an answer came. */
  status?: number;
  /** Why no answer came, when none did. */
  error?: unknown;
}

export interface RetryPolicy {
  retries: number;
  maxElapsedMs: number;
  baseDelayMs: number;
  maxBackoffMs: number;
  statuses: ReadonlySet<number>;
  networkErrors: boolean;
  onRetry: ((retry: RetryEvent) => void) | undefined;
}

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    retries: Math.max(0, options.retries ?? 3),
    maxElapsedMs: Math.max(0, options.maxElapsedMs ?? 30_000),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 250),
    maxBackoffMs: Math.max(0, options.maxBackoffMs ?? 30_000),
    statuses: new Set(options.statuses ?? [429, 503]),
    networkErrors: options.networkErrors ?? false,
    onRetry: options.onRetry,
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
 * Whether an answer is worth the same request again: one of the policy's statuses (429 and 503
 * unless told otherwise); a 409 with Retry-After to a write that carried an Idempotency-Key is
 * the gateway saying the first attempt is still running (apps/gateway/src/http/idempotency.ts),
 * and asking again then returns its answer.
 */
export function isRetryable(
  response: Response,
  sentIdempotencyKey: boolean,
  statuses: ReadonlySet<number> = new Set([429, 503]),
): boolean {
  if (statuses.has(response.status)) return true;
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
  const backoff = Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxBackoffMs);
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
