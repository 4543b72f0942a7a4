// The loader's HTTP: the gateway's API through @sinergi/client (its built dist), each write under
// an Idempotency-Key derived from what it writes, retries that honour Retry-After, a bounded pool
// of requests in flight, and bounded waits.
import { createHash } from 'node:crypto';
import { createSinergiClient } from '@sinergi/client';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The key of one write, from the step, the item and the write within it. The gateway keeps a
 * key's answer for 24 hours per user (docs/architecture.md), so a re-run within that window gets
 * the first answer back (the same ids) instead of writing twice. `v1` changes when the data set
 * does, so an old key is never offered a new body (the gateway would answer 422).
 */
export function idempotencyKey(...parts) {
  return `demo-v1-${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 40)}`;
}

/** Attempts of one call before giving up, and how long it may take with its waits. */
const RETRIES = 200;
const MAX_ELAPSED_MS = 10 * 60_000;

/**
 * `as(token)`: the API (@sinergi/client) as the officer whose token it is, one client per token.
 * Every write must name its own Idempotency-Key (`params: { header: { 'Idempotency-Key': key } }`);
 * one without is refused before it is sent, as a random key would write again on a re-run. A
 * call is sent again under the same key while the answer is the rate limit (429), a service down
 * or slow (503, 504), a key of an interrupted run still running (409), or no answer at all.
 */
export function createApi({ gateway, log }) {
  const stats = { requests: 0, writes: 0, replayed: 0, retries: 0, rateLimited: 0 };

  const onRateLimited = (ms) => {
    stats.rateLimited++;
    if (stats.rateLimited === 1 || stats.rateLimited % 500 === 0)
      log(
        `the gateway's rate limit answered 429 (${stats.rateLimited} so far); waiting ${(ms / 1000).toFixed(1)} s and retrying ` +
          '(a local stack loads faster started with RATE_LIMIT_PER_IP=100000 RATE_LIMIT_PER_USER=100000)',
      );
  };

  /** Every attempt the client sends, counted, and the writes the gateway answered from an earlier run. */
  const counting = async (input, init) => {
    stats.requests++;
    const response = await fetch(input, init);
    if (init?.method !== 'GET' && response.ok) stats.writes++;
    if (response.headers.get('idempotent-replay') === 'true') stats.replayed++;
    return response;
  };

  const options = {
    baseUrl: gateway,
    fetch: counting,
    timeoutMs: 60_000,
    idempotencyKey: () => {
      throw new Error('a demo write needs an Idempotency-Key of its own (http.mjs idempotencyKey)');
    },
    retry: {
      retries: RETRIES,
      maxElapsedMs: MAX_ELAPSED_MS,
      maxBackoffMs: 8_000,
      statuses: [429, 503, 504],
      networkErrors: true,
      onRetry: ({ status, delayMs }) => (status === 429 ? onRateLimited(delayMs) : stats.retries++),
    },
  };
  const clients = new Map();
  const as = (token) => {
    if (!clients.has(token)) clients.set(token, createSinergiClient({ ...options, token }));
    return clients.get(token);
  };
  return { as, stats };
}

/** Every item of a cursor-paged list, as one array (`query` holds the list's filters). */
export async function listAll(sinergi, path, query) {
  const items = [];
  for await (const item of sinergi.pages(path, { query: { ...query, limit: 500 } })) items.push(item);
  return items;
}

/**
 * Polls `check` until it answers something other than undefined, every `intervalMs`, for at most
 * `timeoutMs`; returns that answer, or undefined when the time ran out.
 */
export async function waitUntil(check, { timeoutMs, intervalMs = 1000 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await check();
    if (answer !== undefined) return answer;
    if (Date.now() + intervalMs > deadline) return undefined;
    await sleep(intervalMs);
  }
}

/** Waits for the gateway's readiness, for at most `timeoutMs`. */
export async function waitForGateway(gateway, timeoutMs = 180_000) {
  const probe = createSinergiClient({ baseUrl: gateway, timeoutMs: 5000, retry: { retries: 0 } });
  const ready = await waitUntil(
    async () => {
      try {
        await probe.get('/health/ready');
        return true;
      } catch {
        return undefined;
      }
    },
    { timeoutMs },
  );
  if (!ready) throw new Error(`the gateway at ${gateway} is not ready after ${timeoutMs / 1000} s`);
}

/** `pool(label, items, fn)`: `fn(item, i)` over `items` with `concurrency` in flight; progress every few seconds. */
export function createPool({ concurrency, log, quiet }) {
  return async function pool(label, items, fn) {
    let next = 0;
    let done = 0;
    const total = items.length;
    if (total === 0) return [];
    const results = new Array(total);
    const timer = quiet ? undefined : setInterval(() => log(`${label}: ${done}/${total}`), 5000);
    const worker = async () => {
      while (next < total) {
        const i = next++;
        results[i] = await fn(items[i], i);
        done++;
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
    } finally {
      if (timer) clearInterval(timer);
    }
    log(`${label}: ${done}/${total} done`);
    return results;
  };
}
