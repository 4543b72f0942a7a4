/**
 * The gateway never hangs: no service listening is 503 with Retry-After, a service that does not
 * answer in time is 504; a bad configuration stops a process at boot with a clear message.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { RehabRpc } from '@sinergi/contracts';
import { REPO_ROOT, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { client, TEST_JWT_SECRET, token } from '../support/http.js';

const ns = new TestNamespace('g');
const gateway = new ServiceProcess(
  'gateway',
  ns.env('gateway', { JWT_SECRET: TEST_JWT_SECRET, RPC_TIMEOUT_MS: '1500', HOST: '127.0.0.1' }),
);
const api = client(() => gateway.url);
let nc: NatsConnection;
let officer: string;
const facility = { name: 'Klinik', kind: 'clinic', regionCode: '31.72' };

beforeAll(async () => {
  await ns.start();
  await gateway.start();
  // Plays a rehab replica: the only broker user allowed to take rehab's requests.
  nc = await ns.broker.connect('rehab');
  officer = await token({ roles: ['rehab_officer'], region: '31.72' });
});

afterAll(async () => {
  await gateway.stop();
  await nc?.close();
  await ns.cleanup([]);
}, 30_000);

describe('gateway upstream errors', () => {
  it('answers 503 with Retry-After at once when no rehab instance listens', async () => {
    const response = await api('POST', '/v1/rehab/facilities', { token: officer, body: facility });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.body).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(response.ms).toBeLessThan(1500);
  });

  it('answers 504 when the service takes longer than RPC_TIMEOUT_MS', async () => {
    // A responder that takes the request and never answers: a hung service.
    const subscription = nc.subscribe(ns.names.subject(RehabRpc.registerFacility.subject), { queue: 'hung' });
    await nc.flush();
    const response = await api('POST', '/v1/rehab/facilities', { token: officer, body: facility });
    subscription.unsubscribe();
    expect(response.status).toBe(504);
    expect(response.body).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect(response.ms).toBeGreaterThanOrEqual(1400);
    expect(response.ms).toBeLessThan(5000);
  });

  it('validates before forwarding, so bad input never waits on a service', async () => {
    const response = await api('POST', '/v1/rehab/facilities', { token: officer, body: { kind: 'spa' } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['kind', 'name', 'regionCode']);
  });

  it('answers malformed JSON and unknown routes as problem+json', async () => {
    const malformed = await fetch(`${gateway.url}/v1/rehab/facilities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/problem\+json/);
    const missing = await api('GET', '/v1/nothing-here', { token: officer });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('configuration', () => {
  it.each([
    [
      'rehab',
      { DATABASE_URL: 'mysql://nope', IDENTITY_KEYS: 'k1:short' },
      ['DATABASE_URL', 'IDENTITY_KEYS', 'IDENTITY_KEY_ID', 'NIK_HASH_KEY'],
    ],
    ['gateway', { JWT_SECRET: 'too-short', PORT: 'eighty' }, ['JWT_SECRET', 'PORT']],
    ['reporting', { NATS_PREFIX: 'Has Spaces' }, ['NATS_PREFIX']],
  ])('%s exits at boot naming every bad variable', (service, env, named) => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'apps', service, 'dist', 'main.js')], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/invalid configuration/);
    for (const variable of named) expect(result.stderr).toContain(variable);
  });
});
