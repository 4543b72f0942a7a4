/**
 * The foundation's end-to-end walk: all five services as processes, through the gateway over
 * HTTP with the typed client an agency's system would use (@sinergi/client), against real
 * PostgreSQL and the namespace's own JetStream broker with the shipped permissions (so the test
 * can stop and restart the broker without touching anything else).
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { createSinergiClient, ProblemError } from '@sinergi/client';
import { ACK_WAIT_MS } from '@sinergi/runtime';
import { eventually } from '@sinergi/runtime/testing';
import { token } from '../support/http.js';
import { queryDb } from '../support/pg.js';
import { TestStack } from '../support/stack.js';

const stack = new TestStack('e', { env: { gateway: { RPC_TIMEOUT_MS: '3000' } } });
const ns = stack.ns;
const nats = ns.broker;
const services = stack.services;

/**
 * The API through @sinergi/client as the holder of `bearer` (none: no token). Retries are off:
 * this walk asserts each answer as the gateway gave it, a 503 included (packages/client's own
 * specs and test/e2e/client.spec.ts cover the retries).
 */
const sinergi = (bearer?: string) =>
  createSinergiClient({ baseUrl: stack.gateway.url, token: bearer, retry: { retries: 0 } });

/** A body the API must refuse, sent past the client's types on purpose. */
const unchecked = (body: unknown) => body as never;

/** The ProblemError a call is refused with (failing when it is not refused). */
async function refused(call: Promise<unknown>): Promise<ProblemError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemError);
  return error as ProblemError;
}

/** The body of a write answered 201 (created, not merely a success), through the generated client. */
async function created<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data, response } = await call;
  expect(response.status).toBe(201);
  return data as T;
}

let rehabOfficer: string;
let analyst: string;
let facilityId: string;

async function admissions(regionCode: string): Promise<{ value: number | null; suppressed: boolean }> {
  const { indicators } = await sinergi(analyst).get('/v1/reporting/indicators', {
    params: { query: { regionCode, year: 2024 } },
  });
  const found = indicators.find((i) => i.code === 'rehab.admissions');
  expect(found).toBeDefined();
  return found as { value: number | null; suppressed: boolean };
}

/** The count as published: exact for a province or the nation (a regency's few show "<5"). */
async function admissionsIndicator(regionCode: string): Promise<number | null> {
  return (await admissions(regionCode)).value;
}

async function registerClient(nik?: string): Promise<string> {
  const client = await created(
    sinergi(rehabOfficer).api.POST('/v1/rehab/clients', {
      body: {
        identity: {
          fullName: 'Rina Wulandari',
          ...(nik ? { nik } : {}),
          birthDate: '1998-04-12',
          address: 'Jl. Muara Baru',
        },
        sex: 'female',
        regionCode: '31.72.01.1001',
      },
    }),
  );
  return client.id;
}

const admission = (facility: string, primarySubstance: 'methamphetamine' | 'cannabis' | 'mdma', admittedOn: string) =>
  ({ facilityId: facility, program: 'outpatient', source: 'voluntary', primarySubstance, admittedOn }) as const;

function admit(clientId: string) {
  return sinergi(rehabOfficer).api.POST('/v1/rehab/clients/{id}/admissions', {
    params: { path: { id: clientId } },
    body: admission(facilityId, 'methamphetamine', '2024-05-02'),
  });
}

async function streamMessages(): Promise<number> {
  const nc = await nats.connect('admin');
  try {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(ns.names.stream('rehab'))).state.messages;
  } finally {
    await nc.close();
  }
}

beforeAll(async () => {
  await stack.start();
  rehabOfficer = await token({ roles: ['rehab_officer'], region: '31.72' });
  analyst = await token({ roles: ['analyst'], region: 'ID' });
}, 120_000);

afterAll(() => stack.stop(), 60_000);

describe('one event end to end', () => {
  it('every service answers its readiness probe', async () => {
    for (const service of services.values()) {
      const response = await fetch(`${service.url}/health/ready`);
      expect({ service: service.service, status: response.status }).toEqual({ service: service.service, status: 200 });
    }
  });

  it('walks facility → client → admission and the indicator rolls up to 31 and ID', async () => {
    const facility = await created(
      sinergi(rehabOfficer).api.POST('/v1/rehab/facilities', {
        body: { name: 'Klinik Pratama BNNK Jakarta Utara', kind: 'clinic', regionCode: '31.72' },
      }),
    );
    facilityId = facility.id;

    const clientId = await registerClient('3172015204980001');
    const admitted = await created(admit(clientId));
    expect(admitted).toMatchObject({
      clientId,
      facilityId,
      program: 'outpatient',
      status: 'open',
      regionCode: '31.72',
    });

    await eventually(async () => expect(await admissionsIndicator('31')).toBe(1));
    expect(await admissionsIndicator('ID')).toBe(1);
    // Jakarta Utara's one client is a small count: "<5", never the 1 (docs/security.md).
    expect(await admissions('31.72')).toMatchObject({ value: null, suppressed: true });
  });

  it('carries X-Request-Id from the request into the event', async () => {
    const clientId = await registerClient();
    const requestId = `e2e-${Date.now()}`;
    const { data: facility, response } = await sinergi(rehabOfficer).api.POST('/v1/rehab/facilities', {
      body: { name: 'Puskesmas Penjaringan', kind: 'puskesmas', regionCode: '31.72.01' },
      headers: { 'x-request-id': requestId },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const rows = await queryDb<{ correlation: string }>(
      ns.databaseUrl('rehab'),
      `select envelope->>'correlationId' as correlation from outbox where envelope->'payload'->>'facilityId' = $1`,
      [facility?.id],
    );
    expect(rows).toEqual([{ correlation: requestId }]);
    expect(clientId).toBeTruthy();
  });

  it('refuses bad input with problem+json naming every field, writing nothing and publishing nothing', async () => {
    const before = await queryDb<{ n: string }>(ns.databaseUrl('rehab'), 'select count(*) as n from outbox');
    const messagesBefore = await streamMessages();

    const officer = sinergi(rehabOfficer);
    // The generated client's own answer, to read the headers of a refusal too.
    const missing = await officer.api.POST('/v1/rehab/clients', {
      body: unchecked({ identity: { nik: '123' }, sex: 'x' }),
    });
    expect(missing.response.status).toBe(400);
    expect(missing.response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(
      ProblemError.from(400, missing.error)
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['identity.birthDate', 'identity.fullName', 'identity.nik', 'regionCode', 'sex'].sort());

    const unknownRegion = await refused(
      officer.post('/v1/rehab/facilities', {
        body: { name: 'Nowhere clinic', kind: 'clinic', regionCode: '31.72.99' },
      }),
    );
    expect(unknownRegion.status).toBe(422);
    expect(unknownRegion.errors).toEqual([expect.objectContaining({ path: 'regionCode' })]);

    const unknownClient = await refused(
      officer.post('/v1/rehab/clients/{id}/admissions', {
        params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
        body: admission(facilityId, 'cannabis', '2024-05-02'),
      }),
    );
    expect(unknownClient.status).toBe(404);

    const clientId = await registerClient();
    const unknownFacility = await refused(
      officer.post('/v1/rehab/clients/{id}/admissions', {
        params: { path: { id: clientId } },
        body: admission('00000000-0000-4000-8000-000000000000', 'cannabis', '2024-05-02'),
      }),
    );
    expect(unknownFacility.status).toBe(404);

    const future = await refused(
      officer.post('/v1/rehab/clients/{id}/admissions', {
        params: { path: { id: clientId } },
        body: admission(facilityId, 'cannabis', '2999-01-01'),
      }),
    );
    expect(future.status).toBe(400);
    expect(future.errors).toEqual([expect.objectContaining({ path: 'admittedOn' })]);

    const after = await queryDb<{ n: string }>(ns.databaseUrl('rehab'), 'select count(*) as n from outbox');
    // The one client registered above is the only write among these requests.
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n) + 1);
    await eventually(async () => expect(await streamMessages()).toBe(messagesBefore + 1));
  });

  it('checks the caller: no token 401, wrong role 403, another region 404 like a missing record', async () => {
    expect((await refused(sinergi().post('/v1/rehab/facilities', { body: unchecked({}) }))).status).toBe(401);
    const forged = await token(
      { roles: ['rehab_officer'], region: '31.72' },
      'another-secret-of-at-least-32-characters!!',
    );
    expect((await refused(sinergi(forged).get('/v1/rehab/facilities'))).status).toBe(401);
    const enforcement = await token({ roles: ['enforcement_officer'], region: '31.72', agency: 'POLRI' });
    expect((await refused(sinergi(enforcement).post('/v1/rehab/clients', { body: unchecked({}) }))).status).toBe(403);

    const clientId = await registerClient();
    const westOfficer = await token({ roles: ['rehab_officer'], region: '31.73' });
    const outside = await refused(
      sinergi(westOfficer).post('/v1/rehab/clients/{id}/admissions', {
        params: { path: { id: clientId } },
        body: admission(facilityId, 'mdma', '2024-05-02'),
      }),
    );
    expect(outside.status).toBe(404);
    expect(outside.detail).toMatch(/client .* was not found/);

    const regions = await sinergi(analyst).api.GET('/v1/regions/{code}', { params: { path: { code: '31.72' } } });
    expect(regions.response.status).toBe(200);
    expect(regions.data).toMatchObject({
      code: '31.72',
      name: 'Kota Administrasi Jakarta Utara',
      parent: { code: '31' },
    });
    expect(regions.data?.children.map((c) => c.code)).toContain('31.72.01');
  });

  it('reporting down: events wait in the stream and are applied exactly once when it returns', async () => {
    const reporting = stack.service('reporting');
    const before = (await admissionsIndicator('31')) as number;
    await reporting.stop();
    const down = await refused(
      sinergi(analyst).get('/v1/reporting/indicators', { params: { query: { regionCode: '31.72', year: 2024 } } }),
    );
    expect(down.status).toBe(503);
    expect(down.retryAfter).toBeTruthy();

    for (let i = 0; i < 3; i++) expect((await admit(await registerClient())).response.status).toBe(201);
    await reporting.start();
    await eventually(async () => expect(await admissionsIndicator('31')).toBe(before + 3), { timeoutMs: 15_000 });
    expect(await admissionsIndicator('ID')).toBe(before + 3);
  });

  it('NATS restarted mid-way: 503 while it is down, and the counts stay exact afterwards', async () => {
    const before = (await admissionsIndicator('31')) as number;
    expect((await admit(await registerClient())).response.status).toBe(201);

    await nats.pause();
    const sentAt = Date.now();
    const whileDown = await refused(
      sinergi(rehabOfficer).post('/v1/rehab/facilities', {
        body: { name: 'Klinik Semper', kind: 'clinic', regionCode: '31.72' },
      }),
    );
    expect(whileDown.status).toBe(503);
    expect(Date.now() - sentAt).toBeLessThan(10_000); // within the gateway's timeout, not a hang
    await nats.resume();

    await eventually(async () => expect((await sinergi().api.GET('/health/ready')).response.status).toBe(200), {
      timeoutMs: 20_000,
    });
    await eventually(async () => expect((await admit(await registerClient())).response.status).toBe(201), {
      timeoutMs: 20_000,
    });
    // An event the broker handed to reporting's pull as it went down comes back after the ack
    // wait (docs/operations.md): the bound leaves that plus a slow reconnect.
    await eventually(async () => expect(await admissionsIndicator('31')).toBe(before + 2), {
      timeoutMs: ACK_WAIT_MS + 20_000,
    });

    const admissions = await queryDb<{ n: string }>(ns.databaseUrl('rehab'), 'select count(*) as n from admission');
    const facts = await queryDb<{ n: string }>(
      ns.databaseUrl('reporting'),
      `select count(*) as n from fact where indicator = 'rehab.admissions'`,
    );
    expect(Number(facts[0]?.n)).toBe(Number(admissions[0]?.n));
  }, 120_000);
});
