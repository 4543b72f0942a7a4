/**
 * The foundation's end-to-end walk: all five services as processes, through the gateway over
 * HTTP, against real PostgreSQL and the namespace's own JetStream broker with the shipped
 * permissions (so the test can stop and restart the broker without touching anything else).
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { ACK_WAIT_MS } from '@sinergi/runtime';
import { eventually } from '@sinergi/runtime/testing';
import { client, token } from '../support/http.js';
import { queryDb } from '../support/pg.js';
import { TestStack } from '../support/stack.js';

const stack = new TestStack('e', { env: { gateway: { RPC_TIMEOUT_MS: '3000' } } });
const ns = stack.ns;
const nats = ns.broker;
const services = stack.services;
const api = client(() => stack.gateway.url);

let rehabOfficer: string;
let analyst: string;
let facilityId: string;

async function admissions(regionCode: string): Promise<{ value: number | null; suppressed: boolean }> {
  const response = await api('GET', `/v1/reporting/indicators?regionCode=${regionCode}&year=2024`, { token: analyst });
  expect(response.status).toBe(200);
  return response.body.indicators.find((i: { code: string }) => i.code === 'rehab.admissions');
}

/** The count as published: exact for a province or the nation (a regency's few show "<5"). */
async function admissionsIndicator(regionCode: string): Promise<number | null> {
  return (await admissions(regionCode)).value;
}

async function registerClient(nik?: string): Promise<string> {
  const response = await api('POST', '/v1/rehab/clients', {
    token: rehabOfficer,
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
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function admit(clientId: string) {
  return api('POST', `/v1/rehab/clients/${clientId}/admissions`, {
    token: rehabOfficer,
    body: {
      facilityId,
      program: 'outpatient',
      source: 'voluntary',
      primarySubstance: 'methamphetamine',
      admittedOn: '2024-05-02',
    },
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
    const facility = await api('POST', '/v1/rehab/facilities', {
      token: rehabOfficer,
      body: { name: 'Klinik Pratama BNNK Jakarta Utara', kind: 'clinic', regionCode: '31.72' },
    });
    expect(facility.status).toBe(201);
    facilityId = facility.body.id;

    const clientId = await registerClient('3172015204980001');
    const admission = await admit(clientId);
    expect(admission.status).toBe(201);
    expect(admission.body).toMatchObject({
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
    const response = await api('POST', '/v1/rehab/facilities', {
      token: rehabOfficer,
      body: { name: 'Puskesmas Penjaringan', kind: 'puskesmas', regionCode: '31.72.01' },
      headers: { 'x-request-id': requestId },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const rows = await queryDb<{ correlation: string }>(
      ns.databaseUrl('rehab'),
      `select envelope->>'correlationId' as correlation from outbox where envelope->'payload'->>'facilityId' = $1`,
      [response.body.id],
    );
    expect(rows).toEqual([{ correlation: requestId }]);
    expect(clientId).toBeTruthy();
  });

  it('refuses bad input with problem+json naming every field, writing nothing and publishing nothing', async () => {
    const before = await queryDb<{ n: string }>(ns.databaseUrl('rehab'), 'select count(*) as n from outbox');
    const messagesBefore = await streamMessages();

    const missing = await api('POST', '/v1/rehab/clients', {
      token: rehabOfficer,
      body: { identity: { nik: '123' }, sex: 'x' },
    });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ['identity.birthDate', 'identity.fullName', 'identity.nik', 'regionCode', 'sex'].sort(),
    );

    const unknownRegion = await api('POST', '/v1/rehab/facilities', {
      token: rehabOfficer,
      body: { name: 'Nowhere clinic', kind: 'clinic', regionCode: '31.72.99' },
    });
    expect(unknownRegion.status).toBe(422);
    expect(unknownRegion.body.errors).toEqual([expect.objectContaining({ path: 'regionCode' })]);

    const unknownClient = await api('POST', '/v1/rehab/clients/00000000-0000-4000-8000-000000000000/admissions', {
      token: rehabOfficer,
      body: {
        facilityId,
        program: 'outpatient',
        source: 'voluntary',
        primarySubstance: 'cannabis',
        admittedOn: '2024-05-02',
      },
    });
    expect(unknownClient.status).toBe(404);

    const clientId = await registerClient();
    const unknownFacility = await api('POST', `/v1/rehab/clients/${clientId}/admissions`, {
      token: rehabOfficer,
      body: {
        facilityId: '00000000-0000-4000-8000-000000000000',
        program: 'outpatient',
        source: 'voluntary',
        primarySubstance: 'cannabis',
        admittedOn: '2024-05-02',
      },
    });
    expect(unknownFacility.status).toBe(404);

    const future = await api('POST', `/v1/rehab/clients/${clientId}/admissions`, {
      token: rehabOfficer,
      body: {
        facilityId,
        program: 'outpatient',
        source: 'voluntary',
        primarySubstance: 'cannabis',
        admittedOn: '2999-01-01',
      },
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'admittedOn' })]);

    const after = await queryDb<{ n: string }>(ns.databaseUrl('rehab'), 'select count(*) as n from outbox');
    // The one client registered above is the only write among these requests.
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n) + 1);
    await eventually(async () => expect(await streamMessages()).toBe(messagesBefore + 1));
  });

  it('checks the caller: no token 401, wrong role 403, another region 404 like a missing record', async () => {
    expect((await api('POST', '/v1/rehab/facilities', { body: {} })).status).toBe(401);
    const forged = await token(
      { roles: ['rehab_officer'], region: '31.72' },
      'another-secret-of-at-least-32-characters!!',
    );
    expect((await api('GET', '/v1/rehab/facilities', { token: forged })).status).toBe(401);
    const enforcement = await token({ roles: ['enforcement_officer'], region: '31.72', agency: 'POLRI' });
    expect((await api('POST', '/v1/rehab/clients', { token: enforcement, body: {} })).status).toBe(403);

    const clientId = await registerClient();
    const westOfficer = await token({ roles: ['rehab_officer'], region: '31.73' });
    const outside = await api('POST', `/v1/rehab/clients/${clientId}/admissions`, {
      token: westOfficer,
      body: {
        facilityId,
        program: 'outpatient',
        source: 'voluntary',
        primarySubstance: 'mdma',
        admittedOn: '2024-05-02',
      },
    });
    expect(outside.status).toBe(404);
    expect(outside.body.detail).toMatch(/client .* was not found/);

    const regions = await api('GET', '/v1/regions/31.72', { token: analyst });
    expect(regions.status).toBe(200);
    expect(regions.body).toMatchObject({
      code: '31.72',
      name: 'Kota Administrasi Jakarta Utara',
      parent: { code: '31' },
    });
    expect(regions.body.children.map((c: { code: string }) => c.code)).toContain('31.72.01');
  });

  it('reporting down: events wait in the stream and are applied exactly once when it returns', async () => {
    const reporting = stack.service('reporting');
    const before = (await admissionsIndicator('31')) as number;
    await reporting.stop();
    const down = await api('GET', '/v1/reporting/indicators?regionCode=31.72&year=2024', { token: analyst });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBeTruthy();

    for (let i = 0; i < 3; i++) expect((await admit(await registerClient())).status).toBe(201);
    await reporting.start();
    await eventually(async () => expect(await admissionsIndicator('31')).toBe(before + 3), { timeoutMs: 15_000 });
    expect(await admissionsIndicator('ID')).toBe(before + 3);
  });

  it('NATS restarted mid-way: 503 while it is down, and the counts stay exact afterwards', async () => {
    const before = (await admissionsIndicator('31')) as number;
    expect((await admit(await registerClient())).status).toBe(201);

    await nats.pause();
    const whileDown = await api('POST', '/v1/rehab/facilities', {
      token: rehabOfficer,
      body: { name: 'Klinik Semper', kind: 'clinic', regionCode: '31.72' },
    });
    expect(whileDown.status).toBe(503);
    expect(whileDown.ms).toBeLessThan(10_000); // within the gateway's timeout, not a hang
    await nats.resume();

    await eventually(async () => expect((await api('GET', '/health/ready')).status).toBe(200), { timeoutMs: 20_000 });
    await eventually(async () => expect((await admit(await registerClient())).status).toBe(201), { timeoutMs: 20_000 });
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
