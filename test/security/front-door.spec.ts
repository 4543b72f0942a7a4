/**
 * What the gateway lets through, tried as an insider with a token would: tokens must expire
 * soon and name this issuer and audience, no token may hold both sides of the boundary or a
 * role its agency may not hold, a duplicate NIK says nothing about another region's client, and
 * X-Forwarded-For counts only from a configured proxy.
 */
import { ServiceProcess } from '@sinergi/runtime/testing';
import { SignJWT } from 'jose';
import { client, TEST_JWT_SECRET, token } from '../support/http.js';
import { queryDb } from '../support/pg.js';
import { TestStack } from '../support/stack.js';

const stack = new TestStack('fd', { services: ['rehab', 'gateway'] });
const ns = stack.ns;
const api = client(() => stack.gateway.url);
const limit = { RATE_LIMIT_PER_IP: '3', RATE_LIMIT_PER_USER: '1000', RATE_LIMIT_WINDOW_S: '60' };
const direct = new ServiceProcess('gateway', stack.envOf('gateway', { ...limit, REDIS_PREFIX: `${ns.redisPrefix}-d` }));
const proxied = new ServiceProcess(
  'gateway',
  stack.envOf('gateway', { ...limit, REDIS_PREFIX: `${ns.redisPrefix}-p`, TRUSTED_PROXIES: '127.0.0.1' }),
);
const secret = new TextEncoder().encode(TEST_JWT_SECRET);
const claims = { agency: 'BNN', roles: ['analyst'], region: 'ID' };

function hs256(build: (jwt: SignJWT) => SignJWT) {
  return build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('insider')).sign(secret);
}

beforeAll(async () => {
  await stack.start();
  await Promise.all([direct.start(), proxied.start()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([direct.stop(), proxied.stop()]);
  await stack.stop();
}, 60_000);

describe('tokens', () => {
  it.each([
    ['without exp', () => hs256((t) => t.setIssuer('sinergi-test').setAudience('sinergi-api').setIssuedAt())],
    [
      'living longer than the gateway allows',
      () => hs256((t) => t.setIssuer('sinergi-test').setAudience('sinergi-api').setIssuedAt().setExpirationTime('30d')),
    ],
    [
      'from another issuer (HS256 too)',
      () => hs256((t) => t.setIssuer('evil').setAudience('sinergi-api').setIssuedAt().setExpirationTime('5m')),
    ],
    [
      'for another audience (HS256 too)',
      () => hs256((t) => t.setIssuer('sinergi-test').setAudience('other').setIssuedAt().setExpirationTime('5m')),
    ],
    ['naming no issuer', () => hs256((t) => t.setAudience('sinergi-api').setIssuedAt().setExpirationTime('5m'))],
  ])('refuses a token %s (401)', async (_name, make) => {
    const response = await api('GET', '/v1/regions/31', { token: await make() });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('accepts a well-formed short-lived token', async () => {
    expect(
      (await api('GET', '/v1/regions/31', { token: await token({ roles: ['analyst'], region: 'ID' }) })).status,
    ).toBe(200);
  });

  it('refuses a token holding both enforcement and rehab, or a role its agency may not hold (403)', async () => {
    const both = await token({ roles: ['rehab_officer', 'enforcement_officer'], region: 'ID' });
    const police = await token({ roles: ['rehab_officer'], region: 'ID', agency: 'POLRI' });
    const healthRaid = await token({ roles: ['enforcement_officer'], region: 'ID', agency: 'KEMENKES' });
    for (const [who, t] of [
      ['both', both],
      ['police rehab officer', police],
      ['health-ministry enforcement officer', healthRaid],
    ] as const) {
      const response = await api('GET', '/v1/rehab/facilities?regionCode=31.72', { token: t });
      expect({ who, status: response.status }).toEqual({ who, status: 403 });
      expect(response.body.detail).toMatch(/this token is refused/);
    }
  });
});

describe('a duplicate NIK', () => {
  const identity = { fullName: 'Rahmat Hidayat Batas', nik: '3172011505880007', birthDate: '1988-05-15' };
  it('is a 409 naming the client only where the officer can see it, and every lookup is audited', async () => {
    const utara = await token({ roles: ['rehab_officer'], region: '31.72', sub: 'officer-utara' });
    const barat = await token({ roles: ['rehab_officer'], region: '31.73', sub: 'officer-barat' });
    const register = (as: string, regionCode: string) =>
      api('POST', '/v1/rehab/clients', { token: as, body: { identity, sex: 'male', regionCode } });
    const first = await register(utara, '31.72');
    expect(first.status).toBe(201);

    // Another region: nothing tells the officer that this person is treated in Jakarta Utara.
    const elsewhere = await register(barat, '31.73');
    expect(elsewhere.status).toBe(201);
    expect(JSON.stringify(elsewhere.body)).not.toContain(first.body.id);

    const again = await register(utara, '31.72');
    expect(again.status).toBe(409);
    expect(again.body.existingClientId).toBe(first.body.id);

    const audit = await queryDb<{ client_id: string; sub: string; purpose: string }>(
      ns.databaseUrl('rehab'),
      `select client_id, sub, purpose from identity_audit where purpose like 'NIK%' order by read_at`,
    );
    expect(audit).toEqual([
      { client_id: first.body.id, sub: 'officer-barat', purpose: 'NIK duplicate check at registration' },
      { client_id: first.body.id, sub: 'officer-utara', purpose: 'NIK duplicate check at registration' },
      { client_id: elsewhere.body.id, sub: 'officer-utara', purpose: 'NIK duplicate check at registration' },
    ]);
  });
});

describe('X-Forwarded-For', () => {
  async function statuses(gateway: ServiceProcess) {
    const out: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await token({ roles: ['analyst'], region: 'ID', sub: `walker-${i}` });
      const response = await fetch(`${gateway.url}/v1/regions/31`, {
        headers: { authorization: `Bearer ${t}`, 'x-forwarded-for': `203.0.113.${i}` },
      });
      out.push(response.status);
    }
    return out;
  }

  it('cannot pick its own rate-limit bucket unless the request came through a configured proxy', async () => {
    // Straight from a client: every request is 127.0.0.1's, whatever the header claims.
    expect(await statuses(direct)).toEqual([200, 200, 200, 429, 429]);
    // Through a trusted proxy (here, loopback): the forwarded address is the client's.
    expect(await statuses(proxied)).toEqual([200, 200, 200, 200, 200]);
  });
});
