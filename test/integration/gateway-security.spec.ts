/**
 * The gateway's front door on real NATS, PostgreSQL and Redis: RS256 tokens verified through a
 * JWKS the test serves itself, every kind of bad token refused, Idempotency-Key kept across a
 * gateway restart, and rate limits per user and per address.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { client, TEST_JWT_SECRET, token } from '../support/http.js';
import { rehabKeys } from '../support/keys.js';
import { queryDb } from '../support/pg.js';

const ns = new TestNamespace('s');
const ISSUER = 'https://sso.bnn.test/realms/sinergi';
const AUDIENCE = 'sinergi-api';
let jwks: Server;
let jwksUrl = '';
let privateKey: CryptoKey;
let strangerKey: CryptoKey;
const rehab = new ServiceProcess('rehab', ns.env('rehab', rehabKeys()));
let oidcGateway: ServiceProcess;
const gateway = new ServiceProcess('gateway', ns.env('gateway', { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1' }));
const limitedGateway = new ServiceProcess(
  'gateway',
  ns.env('gateway', {
    JWT_SECRET: TEST_JWT_SECRET,
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_USER: '5',
    RATE_LIMIT_PER_IP: '12',
    RATE_LIMIT_WINDOW_S: '60',
    REDIS_PREFIX: `${ns.redisPrefix}-limited`,
  }),
);
const oidc = client(() => oidcGateway.url);
const api = client(() => gateway.url);
const limited = client(() => limitedGateway.url);

const claims = { agency: 'BNN', roles: ['analyst'], region: 'ID' };
function rs256(overrides: { iss?: string; aud?: string; exp?: number | string; key?: CryptoKey; kid?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? 'k1' })
    .setSubject('oidc-user')
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? '5m')
    .sign(overrides.key ?? privateKey);
}
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const address = jwks.address();
  jwksUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/jwks`;
  oidcGateway = new ServiceProcess(
    'gateway',
    ns.env('gateway', { JWT_JWKS_URL: jwksUrl, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, HOST: '127.0.0.1' }),
  );
  await ns.start();
  ns.migrate(['rehab']);
  await Promise.all([rehab.start(), oidcGateway.start(), gateway.start(), limitedGateway.start()]);
}, 90_000);

afterAll(async () => {
  await Promise.all([rehab.stop(), oidcGateway?.stop(), gateway.stop(), limitedGateway.stop()]);
  await new Promise((resolve) => jwks?.close(resolve));
  await ns.cleanup(['rehab']);
}, 60_000);

describe('authentication through an OIDC issuer (RS256, JWKS)', () => {
  it('accepts a token signed by the issuer', async () => {
    const response = await oidc('GET', '/v1/regions/31', { token: await rs256() });
    expect(response.status).toBe(200);
  });

  it.each([
    ['expired', async () => rs256({ exp: Math.floor(Date.now() / 1000) - 600 })],
    ['from another issuer', async () => rs256({ iss: 'https://evil.test' })],
    ['for another audience', async () => rs256({ aud: 'someone-else' })],
    ['signed by a key the issuer does not publish', async () => rs256({ key: strangerKey })],
    [
      'with alg none',
      async () =>
        `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: 9999999999 })}.`,
    ],
    [
      'tampered after signing',
      async () => {
        const [header, , signature] = (await rs256()).split('.');
        return `${header}.${b64({ ...claims, roles: ['admin'], sub: 'oidc-user', iss: ISSUER, aud: AUDIENCE, exp: 9999999999 })}.${signature}`;
      },
    ],
    ['HS256 where RS256 is expected', async () => token({ roles: ['analyst'], region: 'ID' })],
  ])('refuses a token %s with 401 problem+json', async (_case, make) => {
    const response = await oidc('GET', '/v1/regions/31', { token: await make() });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a token without the Sinergi claims', async () => {
    const bare = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await oidc('GET', '/v1/regions/31', { token: bare })).status).toBe(401);
  });
});

describe('Idempotency-Key', () => {
  const facility = { name: 'Klinik Pratama Koja', kind: 'clinic', regionCode: '31.72' };
  const count = async () =>
    Number(
      (
        await queryDb<{ n: string }>(
          ns.databaseUrl('rehab'),
          `select count(*) as n from facility where name = 'Klinik Pratama Koja'`,
        )
      )[0]?.n,
    );

  it('returns the first answer to a repeat, across a gateway restart, and writes one record', async () => {
    const officer = await token({ roles: ['rehab_officer'], region: '31.72', sub: 'idem-officer' });
    const headers = { 'idempotency-key': 'create-koja-clinic-1' };
    const first = await api('POST', '/v1/rehab/facilities', { token: officer, body: facility, headers });
    expect(first.status).toBe(201);
    const repeat = await api('POST', '/v1/rehab/facilities', { token: officer, body: facility, headers });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.get('idempotent-replay')).toBe('true');

    await gateway.stop();
    await gateway.start();
    const afterRestart = await api('POST', '/v1/rehab/facilities', { token: officer, body: facility, headers });
    expect(afterRestart.body).toEqual(first.body);
    expect(await count()).toBe(1);
  });

  it('answers 422 when the same key comes with a different body', async () => {
    const officer = await token({ roles: ['rehab_officer'], region: '31.72', sub: 'idem-officer-2' });
    const headers = { 'idempotency-key': 'key-reused' };
    expect((await api('POST', '/v1/rehab/facilities', { token: officer, body: facility, headers })).status).toBe(201);
    const other = await api('POST', '/v1/rehab/facilities', {
      token: officer,
      body: { ...facility, name: 'Other' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].path).toBe('Idempotency-Key');
  });

  it('keeps a 4xx answer too, and scopes keys to the user', async () => {
    const a = await token({ roles: ['rehab_officer'], region: '31.72', sub: 'idem-a' });
    const b = await token({ roles: ['rehab_officer'], region: '31.72', sub: 'idem-b' });
    const headers = { 'idempotency-key': 'shared-key' };
    const bad = await api('POST', '/v1/rehab/facilities', {
      token: a,
      body: { ...facility, regionCode: '31.99' },
      headers,
    });
    expect(bad.status).toBe(422);
    const again = await api('POST', '/v1/rehab/facilities', {
      token: a,
      body: { ...facility, regionCode: '31.99' },
      headers,
    });
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    // Another user's identical key is theirs alone.
    expect((await api('POST', '/v1/rehab/facilities', { token: b, body: facility, headers })).status).toBe(201);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-user limit, leaving other users alone', async () => {
    const busy = await token({ roles: ['analyst'], region: 'ID', sub: 'busy-user' });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof limited>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await limited('GET', '/v1/regions/31', { token: busy });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last?.body.code).toBe('rate_limited');
    const calm = await token({ roles: ['analyst'], region: 'ID', sub: 'calm-user' });
    expect((await limited('GET', '/v1/regions/31', { token: calm })).status).toBe(200);
  });

  it('limits one address whoever the user is', async () => {
    // Each request is a new user's first, so only the address's counter (12 a window) can refuse
    // it. The counters are fixed windows of wall-clock time: one may turn over while this runs
    // (and after the test above), so the walk may take up to two windows' worth, never more.
    const statuses: number[] = [];
    for (let i = 0; i < 26 && !statuses.includes(429); i++) {
      const fresh = await token({ roles: ['analyst'], region: 'ID', sub: `walker-${i}` });
      statuses.push((await limited('GET', '/v1/regions/31', { token: fresh })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
  });
});

// The dashboard's sessions and reporting's national-admin rule: test/integration/report-queue-dashboard.spec.ts.
describe('the queue dashboard for admins', () => {
  it('is closed without an admin: 401 for a script, a login page for a browser, 403 for another role', async () => {
    const noToken = await fetch(`${gateway.url}/admin/queues`);
    expect(noToken.status).toBe(401);
    const browser = await fetch(`${gateway.url}/admin/queues`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/admin/login');
    const analyst = await token({ roles: ['analyst'], region: 'ID', sub: 'not-admin' });
    expect(
      (await fetch(`${gateway.url}/admin/queues`, { headers: { authorization: `Bearer ${analyst}` } })).status,
    ).toBe(403);
  });

  it('opens a session for an admin token with an opaque Secure, HttpOnly cookie, not the token', async () => {
    const admin = await token({ roles: ['admin'], region: 'ID', sub: 'queue-admin' });
    const session = await fetch(`${gateway.url}/admin/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie') ?? '';
    expect(cookie).not.toContain(admin);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/admin'])
      expect(cookie).toContain(attribute);
  });
});
