import { isRetryable, nextDelay, type RetryPolicy, sleep } from './retry.js';
import type { TokenProvider } from './tokens.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface TransportOptions {
  tokens: TokenProvider | undefined;
  retry: RetryPolicy;
  /** Each attempt is abandoned after this many ms. */
  timeoutMs: number;
  fetch: typeof fetch;
  /** Makes an Idempotency-Key; the gateway takes 1–128 of `A-Za-z0-9._:-`. */
  newKey: () => string;
}

/**
 * The fetch the generated client sends every request through. One call here is one logical
 * call: a write gets its Idempotency-Key once (unless the caller set one), and every retry of
 * it carries the same key, so the gateway answers a repeat with the first answer instead of
 * writing twice.
 */
export function transport(options: TransportOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = new Headers(request.headers);
    const write = WRITES.has(request.method);
    if (write && !headers.has('idempotency-key')) headers.set('idempotency-key', options.newKey());
    // Read once: a stream cannot be sent twice, bytes can.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const started = Date.now();
    let refreshedToken = false;
    for (let attempt = 0; ; ) {
      const token = options.tokens ? await options.tokens.token() : undefined;
      if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
      let response: Response;
      try {
        response = await options.fetch(request.url, {
          method: request.method,
          headers,
          body,
          redirect: request.redirect,
          signal: AbortSignal.any([request.signal, AbortSignal.timeout(options.timeoutMs)]),
        });
      } catch (error) {
        // No answer at all. The caller's own abort is never retried.
        if (!options.retry.networkErrors || request.signal.aborted) throw error;
        const delay = nextDelay(options.retry, attempt, Date.now() - started, null);
        if (delay === undefined) throw error;
        options.retry.onRetry?.({
          method: request.method,
          url: request.url,
          attempt: attempt + 1,
          delayMs: delay,
          error,
        });
        await sleep(delay, request.signal);
        attempt += 1;
        continue;
      }
      // A cached token the API refused (revoked, or the issuer's keys rotated): fetch a new one, once.
      if (response.status === 401 && token !== undefined && !refreshedToken && options.tokens?.invalidate(token)) {
        refreshedToken = true;
        await discard(response);
        continue;
      }
      if (!isRetryable(response, write, options.retry.statuses)) return response;
      const delay = nextDelay(options.retry, attempt, Date.now() - started, response.headers.get('retry-after'));
      if (delay === undefined) return response;
      options.retry.onRetry?.({
        method: request.method,
        url: request.url,
        attempt: attempt + 1,
        delayMs: delay,
        status: response.status,
      });
      await discard(response);
      await sleep(delay, request.signal);
      attempt += 1;
    }
  };
}

/** Frees the connection of an answer that will not be read. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
