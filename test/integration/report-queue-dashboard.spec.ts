/**
 * The report queue's dashboard on real PostgreSQL, NATS and Redis: the gateway renders it from
 * reporting's queue contracts (no queue of its own), reporting answers only national admins,
 * and the admin session is an opaque id in a Secure, HttpOnly cookie, never the token.
 */
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { type Principal, type RpcContract, ReportQueueRpc } from '@sinergi/contracts';
import { CallSigner, parseSigningKey, RpcClient } from '@sinergi/runtime';
import { eventually, REDIS_URL, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { Redis } from 'ioredis';
import { reportId } from '../../apps/reporting/src/reports/report-key.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';
import { TEST_JWT_SECRET, token } from '../support/http.js';
import { queryDb } from '../support/pg.js';

const ns = new TestNamespace('d');
const reporting = new ServiceProcess('reporting', ns.env('reporting', { RECONCILE_EVERY_MS: '1000' }));
const gateway = new ServiceProcess(
  'gateway',
  ns.env('gateway', { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1', METRICS_PORT: '0' }),
);
const db = () => ns.databaseUrl('reporting');
/** The spec calls reporting as the gateway does (signed with the gateway's key), past any gateway check. */
let nc: NatsConnection;
let rpc: RpcClient;
let redis: Redis;
let nationalAdmin: string;
let regencyAdmin: string;
const national: Principal = { sub: 'national-admin', agency: 'BNN', roles: ['admin'], region: 'ID' };
const regency: Principal = { sub: 'regency-admin', agency: 'PEMDA', roles: ['admin'], region: '31.72' };

const call = (contract: RpcContract, input: unknown, principal: Principal) =>
  rpc.request(contract, input, principal, randomUUID());

async function signIn(adminToken: string): Promise<{ cookie: string; setCookie: string }> {
  const session = await fetch(`${gateway.url}/admin/session`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(session.status).toBe(204);
  const setCookie = session.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] as string, setCookie };
}

const page = (cookie: string, path = '/admin/queues', headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${path}`, { headers: { cookie, accept: 'text/html', ...headers }, redirect: 'manual' });

beforeAll(async () => {
  await ns.start();
  ns.migrate(['reporting']);
  await Promise.all([reporting.start(), gateway.start()]);
  nc = await ns.broker.connect('gateway');
  rpc = new RpcClient({
    nc,
    names: ns.names,
    signer: new CallSigner(parseSigningKey(ns.callKeys.signingKey)),
    timeoutMs: 5000,
  });
  redis = new Redis(REDIS_URL);
  nationalAdmin = await token({ roles: ['admin'], region: 'ID', sub: national.sub });
  regencyAdmin = await token({ roles: ['admin'], region: '31.72', agency: 'PEMDA', sub: regency.sub });
}, 90_000);

afterAll(async () => {
  await nc?.close();
  redis?.disconnect();
  await Promise.all([reporting.stop(), gateway.stop()]);
  await ns.cleanup(['reporting']);
}, 60_000);

describe('the admin session', () => {
  it('is an opaque id in a Secure, HttpOnly, SameSite=Strict cookie on /admin, never the token', async () => {
    const { cookie, setCookie } = await signIn(nationalAdmin);
    expect(cookie).toMatch(/^__Secure-sinergi-admin=[A-Za-z0-9_-]{43}$/);
    expect(setCookie).not.toContain(nationalAdmin);
    expect(setCookie).not.toContain(nationalAdmin.split('.')[1] as string);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/admin'])
      expect(setCookie.split('; ')).toContain(attribute);
    // At most 8 h, and never beyond the token (this one lives 1 h).
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)?.[1])).toBeLessThanOrEqual(3600);
    // Redis holds the principal under the gateway's prefix, keyed by a hash of the id: neither the id nor the token.
    const keys = await redis.keys(`${ns.redisPrefix}:gw:admin-session:*`);
    expect(keys).toHaveLength(1);
    const stored = (await redis.get(keys[0] as string)) ?? '';
    expect(JSON.parse(stored)).toEqual(national);
    expect(keys[0]).not.toContain(cookie.split('=')[1]);
    expect(await redis.ttl(keys[0] as string)).toBeLessThanOrEqual(3600);

    const dashboard = await page(cookie);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('cache-control')).toBe('no-store');
    // Its script and stylesheet are files of this origin (apps/gateway/static): nothing inline runs.
    expect(dashboard.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(dashboard.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(await dashboard.text()).toContain('Report queue');
    const login = await fetch(`${gateway.url}/admin/login`);
    expect(login.headers.get('cache-control')).toBe('no-store');

    // Signing out ends the session in Redis, not only in the browser.
    const out = await fetch(`${gateway.url}/admin/session`, { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(await redis.keys(`${ns.redisPrefix}:gw:admin-session:*`)).toHaveLength(0);
    const after = await page(cookie);
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toBe('/admin/login');
  });

  it('is closed without an admin: 401 for a script, the login page for a browser, 403 for another role', async () => {
    expect((await fetch(`${gateway.url}/admin/queues`)).status).toBe(401);
    const forged = await fetch(`${gateway.url}/admin/queues`, {
      headers: { cookie: `__Secure-sinergi-admin=${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);
    const analyst = await token({ roles: ['analyst'], region: 'ID', sub: 'not-admin' });
    expect(
      (await fetch(`${gateway.url}/admin/queues`, { headers: { authorization: `Bearer ${analyst}` } })).status,
    ).toBe(403);
    const session = await fetch(`${gateway.url}/admin/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${analyst}` },
    });
    expect(session.status).toBe(403);
    expect(session.headers.get('set-cookie')).toBeNull();
  });
});

describe('the queue, from reporting', () => {
  it('refuses a regency admin with 403 in reporting itself, through the dashboard and past it', async () => {
    const direct = await call(ReportQueueRpc.overview, { limit: 10 }, regency);
    expect(direct).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const contract of [ReportQueueRpc.retry, ReportQueueRpc.remove]) {
      expect(await call(contract, { id: randomUUID() }, regency)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    const { cookie } = await signIn(regencyAdmin);
    const dashboard = await page(cookie);
    expect(dashboard.status).toBe(403);
    expect(await dashboard.text()).toMatch(/only an admin of region ID/);
    const bearer = await fetch(`${gateway.url}/admin/queues`, { headers: { authorization: `Bearer ${regencyAdmin}` } });
    expect(bearer.status).toBe(403);
    const retry = await fetch(`${gateway.url}/admin/queues/jobs/${randomUUID()}/retry`, {
      method: 'POST',
      headers: { cookie, 'x-sinergi-dashboard': '1' },
    });
    expect(retry.status).toBe(403);
  });

  it('shows a national admin the counts and a failed job, which they retry and then remove', async () => {
    // A report for a region the directory does not know: every attempt fails.
    const id = reportId('coordination', '99.98', { year: 2024 });
    await queryDb(
      db(),
      `insert into report (id, kind, region_code, period_key, version, status, progress, requested_by, requested_at, generations)
       values ($1, 'coordination', '99.98', '2024', 1, 'queued', 0, 'analyst-7', now(), 0)`,
      [id],
    );
    const failed = async () =>
      eventually(
        async () => {
          const answer = await call(ReportQueueRpc.overview, { state: 'failed', limit: 10 }, national);
          if (!answer.ok) throw new Error(answer.error.message);
          const overview = ReportQueueRpc.overview.output.parse(answer.data);
          expect(overview.counts.failed).toBe(1);
          return overview;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
    const overview = await failed();
    expect(Object.keys(overview.counts).sort()).toEqual(
      ['active', 'completed', 'delayed', 'failed', 'prioritized', 'waiting'].sort(),
    );
    expect(overview.jobs[0]).toMatchObject({
      id,
      name: 'generate-report',
      state: 'failed',
      report: { id, regionCode: '99.98', periodKey: '2024', status: 'failed' },
      requestedBy: 'analyst-7',
      attemptsMade: 3,
    });
    expect(overview.jobs[0]?.failedReason).toMatch(/unknown region 99.98/);

    const { cookie } = await signIn(nationalAdmin);
    const html = await (await page(cookie, '/admin/queues?state=failed')).text();
    expect(html).toContain(id);
    expect(html).toContain('analyst-7');
    expect(html).toMatch(/unknown region 99\.98/);
    expect(html).toContain(`data-url="/admin/queues/jobs/${id}/retry"`);

    // A change by cookie needs the dashboard's own header: a forged cross-site request has none.
    const forged = await fetch(`${gateway.url}/admin/queues/jobs/${id}/retry`, { method: 'POST', headers: { cookie } });
    expect(forged.status).toBe(403);
    const retried = await fetch(`${gateway.url}/admin/queues/jobs/${id}/retry`, {
      method: 'POST',
      headers: { cookie, 'x-sinergi-dashboard': '1' },
    });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('cache-control')).toBe('no-store');
    expect(((await retried.json()) as { state: string }).state).toMatch(/waiting|prioritized|active|delayed|failed/);
    // Its report is queued again; retried with all its attempts back, it fails again three times.
    const [reopened] = await queryDb<{ status: string; error: string | null }>(
      db(),
      'select status, error from report where id = $1',
      [id],
    );
    expect(reopened?.status).toMatch(/queued|running/);
    const again = await failed();
    expect(again.jobs[0]?.attemptsMade).toBe(3);

    // Only a failed job is retried or removed.
    const notFailed = await call(ReportQueueRpc.remove, { id: randomUUID() }, national);
    expect(notFailed).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const removed = await fetch(`${gateway.url}/admin/queues/jobs/${id}`, {
      method: 'DELETE',
      headers: { cookie, 'x-sinergi-dashboard': '1' },
    });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ id, state: 'removed' });
    const [row] = await queryDb<{ status: string }>(db(), 'select status from report where id = $1', [id]);
    expect(row?.status).toBe('failed');
    const after = await call(ReportQueueRpc.overview, { state: 'failed', limit: 10 }, national);
    expect(after).toMatchObject({ ok: true, data: { counts: { failed: 0 }, jobs: [] } });
  });
});

describe('in a browser', () => {
  (hasChromium ? it : it.skip)(
    `signs in with a token, shows the queue, retries a failed job and signs out${hasChromium ? '' : ` — skipped: ${CHROMIUM} is missing`}`,
    async () => {
      const id = reportId('coordination', '99.97', { year: 2024 });
      await queryDb(
        db(),
        `insert into report (id, kind, region_code, period_key, version, status, progress, requested_by, requested_at, generations)
         values ($1, 'coordination', '99.97', '2024', 1, 'queued', 0, 'analyst-8', now(), 0)`,
        [id],
      );
      await eventually(
        async () => {
          const answer = await call(ReportQueueRpc.overview, { state: 'failed', limit: 10 }, national);
          expect(answer).toMatchObject({ ok: true, data: { counts: { failed: 1 } } });
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      const browser = await launchChromium();
      const refused: string[] = [];
      try {
        const tab = await browser.newPage();
        tab.on('console', (message) => {
          if (message.type() === 'error') refused.push(message.text());
        });
        await tab.goto(`${gateway.url}/admin/queues`);
        expect(new URL(tab.url()).pathname).toBe('/admin/login');
        await tab.fill('#t', nationalAdmin);
        await Promise.all([tab.waitForURL(`${gateway.url}/admin/queues`), tab.click('button')]);
        expect(await tab.textContent('body')).toContain('analyst-8');
        const cookies = await browser.cookies(`${gateway.url}/admin/queues`);
        expect(cookies.map((c) => [c.name, c.httpOnly, c.secure, c.sameSite])).toEqual([
          ['__Secure-sinergi-admin', true, true, 'Strict'],
        ]);
        // The dashboard's own script (a file of this origin) sends the retry with its header.
        await Promise.all([tab.waitForEvent('load'), tab.click(`button[data-url="/admin/queues/jobs/${id}/retry"]`)]);
        const [row] = await queryDb<{ status: string }>(db(), 'select status from report where id = $1', [id]);
        expect(row?.status).toMatch(/queued|running/);
        await Promise.all([tab.waitForURL(`${gateway.url}/admin/login`), tab.click('text=Sign out')]);
        expect(await browser.cookies(`${gateway.url}/admin/queues`)).toEqual([]);
        expect(refused).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    90_000,
  );
});
