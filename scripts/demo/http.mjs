// The loader's HTTP: requests to the gateway with an Idempotency-Key derived from what they write,
// retries that honour Retry-After, a bounded pool of requests in flight, and bounded waits.
import { createHash } from 'node:crypto';

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

export class ApiError extends Error {
  constructor(method, path, status, body) {
    const detail =
      typeof body === 'object' && body
        ? `${body.title ?? ''} ${body.detail ?? ''} ${JSON.stringify(body.errors ?? [])}`
        : String(body);
    super(`${method} ${path} answered ${status}: ${detail.trim()}`);
    this.status = status;
    this.body = body;
  }
}

/** Attempts per cause before giving up: transient failures, the rate limit, a key still running. */
const LIMITS = { transient: 8, rateLimited: 200, inFlight: 150 };
const backoff = (attempt) => 250 * 2 ** Math.min(attempt, 5);

/** Retry-After as milliseconds (seconds or an HTTP date), or `fallback` without one. */
function retryAfterMs(response, fallback) {
  const header = response.headers.get('retry-after');
  if (header === null) return fallback;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallback : Math.max(0, at - Date.now());
}

/**
 * Why an answer is worth sending again, and after how long; undefined when it is final. A 409
 * "still being processed" is this key's earlier request (an interrupted run's) still running.
 */
function retryOf(response, text, attempt) {
  if (response.status === 429) return { cause: 'rateLimited', ms: retryAfterMs(response, 1000) + Math.random() * 500 };
  if (response.status === 409 && /still being processed/.test(text))
    return { cause: 'inFlight', ms: retryAfterMs(response, 1000) };
  if (response.status === 503) return { cause: 'transient', ms: retryAfterMs(response, backoff(attempt)) };
  if ([502, 504].includes(response.status)) return { cause: 'transient', ms: backoff(attempt) };
  return undefined;
}

function encode({ body, csv }) {
  if (csv !== undefined) return { type: 'text/csv', payload: csv };
  if (body !== undefined) return { type: 'application/json', payload: JSON.stringify(body) };
  return {};
}

const parse = (text) => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
};

/**
 * `api(method, path, { token, body | csv, key })`: one request, sent again under the same
 * Idempotency-Key while the answer is worth retrying. Every write must name its key.
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

  async function api(method, path, { token, body, csv, key } = {}) {
    const write = method !== 'GET';
    if (write && !key) throw new Error(`${method} ${path}: a write needs an Idempotency-Key`);
    const { type, payload } = encode({ body, csv });
    const headers = { authorization: `Bearer ${token}` };
    if (write) headers['idempotency-key'] = key;
    if (type) headers['content-type'] = type;
    const used = { transient: 0, rateLimited: 0, inFlight: 0 };
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      let response;
      try {
        response = await fetch(`${gateway}${path}`, {
          method,
          headers,
          body: payload,
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        if (++used.transient >= LIMITS.transient) throw new Error(`${method} ${path}: ${error.message}`);
        stats.retries++;
        await sleep(backoff(attempt));
        continue;
      }
      const text = await response.text();
      const retry = retryOf(response, text, attempt);
      if (retry && ++used[retry.cause] < LIMITS[retry.cause]) {
        if (retry.cause === 'rateLimited') onRateLimited(retry.ms);
        else stats.retries++;
        await sleep(retry.ms);
        continue;
      }
      const parsed = parse(text);
      if (!response.ok) throw new ApiError(method, path, response.status, parsed);
      if (write) stats.writes++;
      if (response.headers.get('idempotent-replay') === 'true') stats.replayed++;
      return parsed;
    }
  }
  return { api, stats };
}

/** Every page of a listing, `items` concatenated (`query` is the rest of the query string). */
export async function listAll(api, token, path, query) {
  const items = [];
  let cursor;
  do {
    const page = await api(
      'GET',
      `${path}?${query}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      {
        token,
      },
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
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
  const ready = await waitUntil(
    async () => {
      try {
        const response = await fetch(`${gateway}/health/ready`, { signal: AbortSignal.timeout(5000) });
        return response.ok ? true : undefined;
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
