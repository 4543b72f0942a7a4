/**
 * The client against a tiny HTTP server on 127.0.0.1 that answers as the gateway would: retries
 * and Retry-After, one Idempotency-Key per logical call, the page iterator, problem+json errors
 * and the token sources.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSinergiClient, ProblemError, type RetryEvent, type SinergiClientOptions, TokenError } from './index.js';
import { nextDelay, retryPolicy } from './retry.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

type Handler = (request: Seen, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let seen: Seen[];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        at: Date.now(),
      };
      seen.push(entry);
      handler(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
});

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  response.writeHead(status, { 'content-type': type, ...headers }).end(JSON.stringify(body));
}

function problem(status: number, extra: Record<string, unknown> = {}) {
  return {
    type: 'https://sinergi.example/problems/x',
    title: 'T',
    status,
    detail: `refused ${status}`,
    code: 'x',
    ...extra,
  };
}

/** Answers the first `failures` requests with `status` (and its headers), then 201 with the body it got. */
function failingThenOk(failures: number, status: number, headers: Record<string, string> = {}): Handler {
  return (request, response) => {
    if (seen.length <= failures) return json(response, status, problem(status), headers);
    json(response, 201, { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', ...JSON.parse(request.body || '{}') });
  };
}

const facility = { name: 'Klinik Pratama', kind: 'clinic', regionCode: '31.72' } as const;

function client(options: Partial<SinergiClientOptions> = {}) {
  return createSinergiClient({ baseUrl, token: 'static-token', retry: { baseDelayMs: 5 }, ...options });
}

describe('retries', () => {
  it('retries a 503 after the seconds Retry-After asks, with the same Idempotency-Key', async () => {
    handler = failingThenOk(1, 503, { 'retry-after': '1' });
    const created = await client().post('/v1/rehab/facilities', { body: facility });

    expect(created).toMatchObject(facility);
    expect(seen).toHaveLength(2);
    const [first, second] = seen as [Seen, Seen];
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(first.headers['idempotency-key']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
    expect(second.body).toBe(first.body);
    expect(second.headers.authorization).toBe('Bearer static-token');
  });

  it('retries a 429 at the HTTP date Retry-After names', async () => {
    // HTTP dates are whole seconds: two seconds ahead is one to two seconds of waiting.
    const until = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
    handler = failingThenOk(1, 429, { 'retry-after': until.toUTCString() });
    await client().post('/v1/rehab/facilities', { body: facility });

    expect(seen).toHaveLength(2);
    expect((seen[1] as Seen).at).toBeGreaterThanOrEqual(until.getTime() - 50);
  });

  it('gives each logical call its own key, and keeps the one the caller gives', async () => {
    handler = failingThenOk(0, 503);
    const api = client();
    await api.post('/v1/rehab/facilities', { body: facility });
    await api.post('/v1/rehab/facilities', { body: facility });
    await api.post('/v1/rehab/facilities', {
      body: facility,
      params: { header: { 'Idempotency-Key': 'puskesmas-42:admission-7' } },
    });
    const keys = seen.map((request) => request.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(3);
    expect(keys[2]).toBe('puskesmas-42:admission-7');
  });

  it('sends no Idempotency-Key on a read', async () => {
    handler = (_request, response) => json(response, 200, { items: [], nextCursor: null });
    await client().get('/v1/rehab/facilities');
    expect(seen[0]?.headers['idempotency-key']).toBeUndefined();
  });

  it('stops after the retries and throws the last answer', async () => {
    handler = (_request, response) => json(response, 503, problem(503), { 'retry-after': '0' });
    const error = await client({ retry: { retries: 2 } })
      .post('/v1/rehab/facilities', { body: facility })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it('does not wait past the time budget: a Retry-After beyond it is answered at once', async () => {
    handler = (_request, response) => json(response, 429, problem(429), { 'retry-after': '120' });
    const started = Date.now();
    const error = (await client({ retry: { maxElapsedMs: 5_000 } })
      .get('/v1/rehab/facilities')
      .catch((e: unknown) => e)) as ProblemError;

    expect(Date.now() - started).toBeLessThan(1_000);
    expect({ status: error.status, retryAfter: error.retryAfter }).toEqual({ status: 429, retryAfter: '120' });
    expect(seen).toHaveLength(1);
  });

  it('backs off without Retry-After, and does not retry what retrying cannot mend', async () => {
    handler = failingThenOk(2, 503);
    await client().post('/v1/rehab/facilities', { body: facility });
    expect(seen).toHaveLength(3);

    seen = [];
    handler = (_request, response) => json(response, 504, problem(504), { 'retry-after': '0' });
    await expect(client().post('/v1/rehab/facilities', { body: facility })).rejects.toMatchObject({ status: 504 });
    expect(seen).toHaveLength(1);
  });

  it('asks again when the first attempt of a write is still running (409 with Retry-After)', async () => {
    handler = failingThenOk(1, 409, { 'retry-after': '0' });
    await client().post('/v1/rehab/facilities', { body: facility });
    expect(seen).toHaveLength(2);
  });

  it('retries the statuses it is told to, telling onRetry before each wait', async () => {
    handler = failingThenOk(2, 504, { 'retry-after': '0' });
    const retries: RetryEvent[] = [];
    await client({ retry: { baseDelayMs: 5, statuses: [429, 503, 504], onRetry: (r) => retries.push(r) } }).post(
      '/v1/rehab/facilities',
      { body: facility },
    );

    expect(seen).toHaveLength(3);
    expect(retries).toEqual([
      { method: 'POST', url: `${baseUrl}/v1/rehab/facilities`, attempt: 1, delayMs: 0, status: 504 },
      { method: 'POST', url: `${baseUrl}/v1/rehab/facilities`, attempt: 2, delayMs: 0, status: 504 },
    ]);
  });

  it('retries a request that got no answer only when told to, under the same key', async () => {
    let refused = 0;
    // The first attempt never reaches the server: the connection is refused, as by a restarting gateway.
    const flaky: typeof fetch = (input, init) =>
      refused++ === 0 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init);
    handler = failingThenOk(0, 503);
    const keys: (string | null)[] = [];
    const recording: typeof fetch = (input, init) => {
      keys.push(new Headers(init?.headers).get('idempotency-key'));
      return flaky(input, init);
    };
    await expect(client({ fetch: recording }).post('/v1/rehab/facilities', { body: facility })).rejects.toThrow(
      'fetch failed',
    );

    refused = 0;
    keys.length = 0;
    const retries: RetryEvent[] = [];
    const created = await client({
      fetch: recording,
      retry: { baseDelayMs: 5, networkErrors: true, onRetry: (r) => retries.push(r) },
    }).post('/v1/rehab/facilities', { body: facility });

    expect(created).toMatchObject(facility);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, error: expect.any(TypeError) })]);
    expect(retries[0]?.status).toBeUndefined();
  });

  it('caps the backoff, so a long run of retries does not wait for hours', () => {
    const policy = retryPolicy({ baseDelayMs: 250, maxBackoffMs: 8_000, retries: 100, maxElapsedMs: 600_000 });
    expect(nextDelay(policy, 40, 0, null, () => 1)).toBe(8_000);
    expect(nextDelay(policy, 40, 0, null, () => 0)).toBe(4_000);
  });
});

describe('bodies', () => {
  it("sends a string under the caller's content type as it is (a CSV import), and JSON otherwise", async () => {
    handler = (_request, response) =>
      json(response, 201, { importId: '3fa85f64-5717-4562-b3fc-2c963f66afa6', imported: 1 });
    const csv =
      'regionCode,kind,segment,channel,on,participants,reach\n31.72.01.1001,workshop,students,in_person,2024-05-02,25,\n';
    const answer = await client().post('/v1/prevention/activities:import', {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    await client().post('/v1/rehab/facilities', { body: facility });

    expect(answer).toEqual({ importId: '3fa85f64-5717-4562-b3fc-2c963f66afa6', imported: 1 });
    const [imported, created] = seen as [Seen, Seen];
    expect({ type: imported.headers['content-type'], body: imported.body }).toEqual({ type: 'text/csv', body: csv });
    expect({ type: created.headers['content-type'], body: JSON.parse(created.body) }).toEqual({
      type: 'application/json',
      body: facility,
    });
  });
});

describe('problem+json', () => {
  it('throws a ProblemError with the fields and the rule', async () => {
    handler = (_request, response) =>
      json(
        response,
        409,
        problem(409, {
          code: 'rule_violated',
          rule: 'one_open_admission',
          errors: [{ path: 'regionCode', message: 'is not a region code' }],
        }),
      );
    const error = (await client()
      .post('/v1/rehab/facilities', { body: facility })
      .catch((e: unknown) => e)) as ProblemError;

    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({
      status: 409,
      type: 'https://sinergi.example/problems/x',
      title: 'T',
      detail: 'refused 409',
      code: 'rule_violated',
      rule: 'one_open_admission',
      errors: [{ path: 'regionCode', message: 'is not a region code' }],
    });
    expect(error.messageFor('regionCode')).toBe('is not a region code');
  });

  it('turns an answer that is not problem+json into one', async () => {
    handler = (_request, response) =>
      response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
    const error = (await client()
      .get('/v1/rehab/facilities')
      .catch((e: unknown) => e)) as ProblemError;
    expect(error).toMatchObject({ status: 502, detail: '<h1>Bad Gateway</h1>', errors: [], rule: undefined });
  });

  it('leaves the generated client its own { data, error } answers', async () => {
    handler = (_request, response) => json(response, 404, problem(404));
    const { data, error, response } = await client().api.GET('/v1/rehab/facilities');
    expect({ data, status: response.status, detail: error?.detail }).toEqual({
      data: undefined,
      status: 404,
      detail: 'refused 404',
    });
  });
});

describe('the page iterator', () => {
  const all = Array.from({ length: 5 }, (_, i) => ({ id: `f${i}`, name: `Facility ${i}` }));

  /** Two items a page; the cursor is the index of the next item. */
  function pagesOf(items: typeof all): Handler {
    return (request, response) => {
      const url = new URL(request.url, baseUrl);
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const next = from + 2 < items.length ? String(from + 2) : null;
      json(response, 200, { items: items.slice(from, from + 2), nextCursor: next });
    };
  }

  it('walks every page, passing the filters and the cursor', async () => {
    handler = pagesOf(all);
    const names: string[] = [];
    for await (const item of client().pages('/v1/rehab/facilities', { query: { regionCode: '31.72', limit: 2 } })) {
      names.push(item.name);
    }
    expect(names).toEqual(all.map((f) => f.name));
    expect(seen.map((request) => request.url)).toEqual([
      '/v1/rehab/facilities?regionCode=31.72&limit=2',
      '/v1/rehab/facilities?regionCode=31.72&limit=2&cursor=2',
      '/v1/rehab/facilities?regionCode=31.72&limit=2&cursor=4',
    ]);
  });

  it('fetches a page only when the loop reaches it', async () => {
    handler = pagesOf(all);
    for await (const item of client().pages('/v1/rehab/facilities')) {
      if (item.id === 'f1') break;
    }
    expect(seen).toHaveLength(1);
  });

  it('ends on an empty list, and stops a server that repeats its cursor', async () => {
    handler = pagesOf([]);
    const none: unknown[] = [];
    for await (const item of client().pages('/v1/rehab/facilities')) none.push(item);
    expect(none).toEqual([]);

    handler = (_request, response) => json(response, 200, { items: [all[0]], nextCursor: 'same' });
    const walk = async () => {
      for await (const _ of client().pages('/v1/rehab/facilities')) {
        // only the walk matters
      }
    };
    await expect(walk()).rejects.toThrow('same nextCursor');
    expect(seen.length).toBeLessThanOrEqual(3);
  });

  it('throws the problem of a page that fails', async () => {
    handler = (request, response) =>
      request.url.includes('cursor')
        ? json(response, 400, problem(400, { errors: [{ path: 'cursor', message: 'is not a cursor' }] }))
        : json(response, 200, { items: [all[0]], nextCursor: 'next' });
    const got: unknown[] = [];
    const walk = async () => {
      for await (const item of client().pages('/v1/rehab/facilities')) got.push(item);
    };
    await expect(walk()).rejects.toMatchObject({ status: 400, errors: [{ path: 'cursor' }] });
    expect(got).toHaveLength(1);
  });
});

describe('tokens', () => {
  it('asks a token function on every request', async () => {
    let n = 0;
    handler = (_request, response) => json(response, 200, { items: [], nextCursor: null });
    const api = client({ token: async () => `t${++n}` });
    await api.get('/v1/rehab/facilities');
    await api.get('/v1/rehab/facilities');
    expect(seen.map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('gets a client-credentials token once, keeps it until near expiry, and renews it on a 401', async () => {
    let issued = 0;
    handler = (request, response) => {
      if (request.url === '/oauth/token') {
        issued += 1;
        return json(response, 200, { access_token: `cc${issued}`, token_type: 'Bearer', expires_in: 3600 });
      }
      // The API refuses the first token it sees, as it would one revoked.
      if (request.headers.authorization === 'Bearer cc1') return json(response, 401, problem(401));
      json(response, 200, { items: [], nextCursor: null });
    };
    const api = client({
      token: { tokenUrl: `${baseUrl}/oauth/token`, clientId: 'dinkes 31', clientSecret: 's3cret:x', scope: 'rehab' },
    });
    await Promise.all([api.get('/v1/rehab/facilities'), api.get('/v1/rehab/facilities')]);
    await api.get('/v1/rehab/facilities');

    const tokenRequests = seen.filter((r) => r.url === '/oauth/token');
    expect(tokenRequests).toHaveLength(2);
    const first = tokenRequests[0] as Seen;
    expect(first.headers.authorization).toBe(`Basic ${btoa('dinkes%2031:s3cret%3Ax')}`);
    expect(new URLSearchParams(first.body).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(first.body).get('scope')).toBe('rehab');
    expect(seen.filter((r) => r.headers.authorization === 'Bearer cc2')).toHaveLength(3);
  });

  it('says why the token endpoint refused', async () => {
    handler = (_request, response) =>
      json(response, 401, { error: 'invalid_client', error_description: 'unknown client' });
    const error = await client({
      token: { tokenUrl: `${baseUrl}/oauth/token`, clientId: 'x', clientSecret: 'y' },
    })
      .get('/v1/rehab/facilities')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client' });
    expect(seen).toHaveLength(1);
  });
});
