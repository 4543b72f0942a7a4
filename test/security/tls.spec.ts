/**
 * The stack with TLS between the services and the broker, on certificates the project's own
 * script makes (`scripts/infra.sh certs`): the services verify the broker against the CA, a
 * write travels gateway → rehab → stream → reporting, and a client that will not speak TLS, or
 * does not trust the broker's certificate, does not get in.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeyAuthenticator } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { eventually, REPO_ROOT, TestNamespace } from '@sinergi/runtime/testing';
import { client, token } from '../support/http.js';
import { TestStack } from '../support/stack.js';

const dir = mkdtempSync(join(tmpdir(), 'sinergi-certs-'));
const made = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'infra.sh'), 'certs', dir], { encoding: 'utf8' });
if (made.status !== 0) throw new Error(`scripts/infra.sh certs failed: ${made.stderr}`);
const certs = { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server-key.pem') };
const ns = new TestNamespace('tls', { tls: certs });
const stack = new TestStack('tls', { services: ['rehab', 'reporting', 'gateway'] }, ns);
const api = client(() => stack.gateway.url);

beforeAll(() => stack.start(), 120_000);
afterAll(async () => {
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('carries a write and its event over TLS', async () => {
  expect(ns.broker.url).toMatch(/^tls:\/\//);
  const officer = await token({ roles: ['rehab_officer'], region: '31.72' });
  const analyst = await token({ roles: ['analyst'], region: 'ID' });
  const facility = await api('POST', '/v1/rehab/facilities', {
    token: officer,
    body: { name: 'Klinik TLS', kind: 'clinic', regionCode: '31.72' },
  });
  expect(facility.status).toBe(201);
  const registered = await api('POST', '/v1/rehab/clients', {
    token: officer,
    body: { identity: { fullName: 'Klien TLS', birthDate: '1990-01-01' }, sex: 'male', regionCode: '31.72' },
  });
  const admitted = await api('POST', `/v1/rehab/clients/${registered.body.id}/admissions`, {
    token: officer,
    body: {
      facilityId: facility.body.id,
      program: 'outpatient',
      source: 'voluntary',
      primarySubstance: 'methamphetamine',
      admittedOn: '2024-02-02',
    },
  });
  expect(admitted.status).toBe(201);
  // Counted by reporting: the province publishes exactly (Jakarta Utara's own 1 shows "<5").
  await eventually(async () => {
    const r = await api('GET', '/v1/reporting/indicators?regionCode=31&year=2024', { token: analyst });
    expect(r.body.indicators.find((i: { code: string }) => i.code === 'rehab.admissions').value).toBe(1);
  });
});

it('refuses a client without TLS, and one that does not trust the broker', async () => {
  const seed = new TextEncoder().encode(ns.broker.identities.seeds.rehab);
  const plain = `nats://127.0.0.1:${ns.broker.port}`;
  await expect(
    connect({ servers: plain, reconnect: false, timeout: 3000, authenticator: nkeyAuthenticator(seed), tls: null }),
  ).rejects.toThrow();
  await expect(
    connect({ servers: ns.broker.url, reconnect: false, timeout: 3000, authenticator: nkeyAuthenticator(seed) }),
  ).rejects.toThrow(/certificate/i);
  const trusted = await connect({
    servers: ns.broker.url,
    reconnect: false,
    timeout: 3000,
    authenticator: nkeyAuthenticator(seed),
    tls: { caFile: certs.caFile },
  });
  await trusted.close();
});
