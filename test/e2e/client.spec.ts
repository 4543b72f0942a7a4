/**
 * @sinergi/client against a running gateway: the document it was generated from must be the one
 * the gateway serves (a stale client fails here, not at an integrator's), and its calls, pages,
 * idempotent retries and problem+json errors work against the real services.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSinergiClient, ProblemError } from '@sinergi/client';
import { REPO_ROOT } from '@sinergi/runtime/testing';
import { token } from '../support/http.js';
import { queryDb } from '../support/pg.js';
import { TestStack } from '../support/stack.js';

const stack = new TestStack('cl', { services: ['rehab', 'gateway'] });

interface Sent {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number;
  replayed: boolean;
}

/** Every request the client sent, with what the gateway answered. */
const sent: Sent[] = [];
/** The path of the next request whose answer is lost on the way back (the client sees a 503). */
let loseAnswerTo: string | undefined;

const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(String(input));
  sent.push({
    method: init?.method ?? 'GET',
    path: url.pathname + url.search,
    idempotencyKey: new Headers(init?.headers).get('idempotency-key'),
    status: response.status,
    replayed: response.headers.get('idempotent-replay') === 'true',
  });
  if (loseAnswerTo === url.pathname) {
    loseAnswerTo = undefined;
    await response.body?.cancel();
    return new Response(JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'a proxy lost it' }), {
      status: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '0' },
    });
  }
  return response;
};

const sinergi = () =>
  createSinergiClient({
    baseUrl: stack.gateway.url,
    token: () => token({ roles: ['rehab_officer'], region: '31.72', agency: 'KEMENKES' }),
    fetch: recordingFetch,
  });

const admission = (facilityId: string) =>
  ({
    facilityId,
    program: 'outpatient',
    source: 'voluntary',
    primarySubstance: 'methamphetamine',
    admittedOn: '2024-05-02',
  }) as const;

async function registerClient(): Promise<string> {
  const client = await sinergi().post('/v1/rehab/clients', {
    body: {
      identity: { fullName: 'Rina Wulandari', birthDate: '1998-04-12', address: 'Jl. Muara Baru' },
      sex: 'female',
      regionCode: '31.72.01.1001',
    },
  });
  return client.id;
}

async function admissionsOf(clientId: string): Promise<number> {
  const [row] = await queryDb<{ n: string }>(
    stack.ns.databaseUrl('rehab'),
    'select count(*) as n from admission where client_id = $1',
    [clientId],
  );
  return Number(row?.n);
}

let facilityIds: string[];

beforeAll(async () => {
  await stack.start();
  const api = sinergi();
  facilityIds = [];
  for (const name of ['Puskesmas Penjaringan', 'Puskesmas Pademangan', 'Klinik Pratama BNNK Jakarta Utara']) {
    const facility = await api.post('/v1/rehab/facilities', {
      body: { name, kind: name.startsWith('Klinik') ? 'clinic' : 'puskesmas', regionCode: '31.72' },
    });
    facilityIds.push(facility.id);
  }
}, 120_000);

afterAll(() => stack.stop(), 60_000);

beforeEach(() => {
  sent.length = 0;
});

describe('the client and the gateway', () => {
  it('was generated from the document the gateway serves', async () => {
    const served = await (await fetch(`${stack.gateway.url}/v1/openapi.json`)).json();
    const generated = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/client/generated/openapi.json'), 'utf8'));
    // The paths first, so a route added or removed reads plainly; then every detail.
    expect(Object.keys(generated.paths).sort()).toEqual(Object.keys(served.paths).sort());
    expect(generated).toEqual(served);
  });

  it('lists every facility across pages with the iterator', async () => {
    const ids: string[] = [];
    for await (const facility of sinergi().pages('/v1/rehab/facilities', {
      query: { regionCode: '31.72', limit: 2 },
    })) {
      ids.push(facility.id);
    }
    expect(ids.sort()).toEqual([...facilityIds].sort());
    const pages = sent.filter((request) => request.path.startsWith('/v1/rehab/facilities?'));
    expect(pages).toHaveLength(2);
    expect(pages[1]?.path).toMatch(/[?&]cursor=/);
  });

  it('admits once for one Idempotency-Key sent twice', async () => {
    const clientId = await registerClient();
    const key = `dinkes-31:admission:${clientId}`;
    const admit = () =>
      sinergi().post('/v1/rehab/clients/{id}/admissions', {
        params: { path: { id: clientId }, header: { 'Idempotency-Key': key } },
        body: admission(facilityIds[0] as string),
      });
    const first = await admit();
    const again = await admit();

    expect(again).toEqual(first);
    expect(first).toMatchObject({ clientId, status: 'open', regionCode: '31.72' });
    expect(await admissionsOf(clientId)).toBe(1);
    const admits = sent.filter((request) => request.path.endsWith('/admissions'));
    expect(admits.map((request) => [request.idempotencyKey, request.replayed])).toEqual([
      [key, false],
      [key, true],
    ]);
  });

  it('retries a lost answer with the same key and gets the first answer, not a second admission', async () => {
    const clientId = await registerClient();
    sent.length = 0;
    loseAnswerTo = `/v1/rehab/clients/${clientId}/admissions`;
    const admitted = await sinergi().post('/v1/rehab/clients/{id}/admissions', {
      params: { path: { id: clientId } },
      body: admission(facilityIds[1] as string),
    });

    expect(admitted).toMatchObject({ clientId, status: 'open' });
    expect(await admissionsOf(clientId)).toBe(1);
    expect(sent).toHaveLength(2);
    const [lost, retried] = sent as [Sent, Sent];
    expect(lost).toMatchObject({ status: 201, replayed: false });
    expect(retried).toMatchObject({ status: 201, replayed: true, idempotencyKey: lost.idempotencyKey });
    expect(lost.idempotencyKey).toBeTruthy();
  });

  it('throws a 400 as a ProblemError naming each bad field', async () => {
    const error = await sinergi()
      .post('/v1/rehab/facilities', { body: { name: '   ', kind: 'clinic', regionCode: 'Jakarta' } })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProblemError);
    const problem = error as ProblemError;
    expect({ status: problem.status, code: problem.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['name', 'regionCode']);
    expect(problem.type).toMatch(/^https:\/\//);
  });

  it('throws a refused rule as a 409 ProblemError carrying the rule', async () => {
    const clientId = await registerClient();
    const api = sinergi();
    await api.post('/v1/rehab/clients/{id}/admissions', {
      params: { path: { id: clientId } },
      body: admission(facilityIds[0] as string),
    });
    const error = (await api
      .post('/v1/rehab/clients/{id}/admissions', {
        params: { path: { id: clientId } },
        body: admission(facilityIds[2] as string),
      })
      .catch((e: unknown) => e)) as ProblemError;

    expect(error).toBeInstanceOf(ProblemError);
    expect({ status: error.status, code: error.code, rule: error.rule }).toEqual({
      status: 409,
      code: 'rule_violated',
      rule: 'one_open_admission',
    });
    expect(await admissionsOf(clientId)).toBe(1);
  });
});
