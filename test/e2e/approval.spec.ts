/**
 * Issue 15's walk of the sign-off chain through the gateway (all five services as processes):
 * Jakarta Utara (31.72) submits 2024, DKI (31) returns it with a reason, 31.72 submits again and
 * DKI approves; DKI and then the nation do the same for their own figures. Late admissions
 * after approval leaves every frozen figure as it was and shows as a late correction, the
 * wrong level is refused (403) and a foreign region is not found (404). Each step is an event
 * on the REPORTING stream. The clinic's silent months show in the completeness of its units.
 * In the report viewer, each office's admin signs in through the local OpenID provider
 * (scripts/oidc/provider.mjs) and sees only its own step.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import { eventually } from '@sinergi/runtime/testing';
import { DEMO_PASSWORD } from '../../scripts/oidc/users.mjs';
import {
  CHROMIUM,
  hasChromium,
  launchChromium,
  signInThroughProvider,
  signOutThroughProvider,
} from '../support/browser.js';
import { client, token } from '../support/http.js';
import { oidcProvider } from '../support/oidc.js';
import { queryDb } from '../support/pg.js';
import { TestStack } from '../support/stack.js';

const provider = await oidcProvider();
const stack = new TestStack('ap', { env: { gateway: { RATE_LIMIT_PER_USER: '100000', ...provider.gatewayEnv } } });
const api = client(() => stack.gateway.url);
const YEAR = 2024;
const tokens: Record<string, string> = {};

async function ok(response: ReturnType<typeof api>, status = 200) {
  const r = await response;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const act = (who: string, action: string, regionCode: string, reason?: string) =>
  api('POST', `/v1/reporting/approvals/${action}`, {
    token: tokens[who],
    body: { regionCode, period: { year: YEAR }, ...(reason ? { reason } : {}) },
  });
const approval = (who: string, regionCode: string) =>
  ok(api('GET', `/v1/reporting/approvals?regionCode=${regionCode}&year=${YEAR}`, { token: tokens[who] }));
const admissions = async (regionCode: string) => {
  const body = await ok(
    api('GET', `/v1/reporting/indicators?regionCode=${regionCode}&year=${YEAR}`, { token: tokens.analyst }),
  );
  return body.indicators.find((i: { code: string }) => i.code === 'rehab.admissions').value;
};

async function admit(facilityId: string, village: string, admittedOn: string) {
  const person = await ok(
    api('POST', '/v1/rehab/clients', {
      token: tokens.rehab,
      body: {
        identity: { fullName: `Klien ${admittedOn} ${Math.random()}`, birthDate: '1990-01-01' },
        sex: 'male',
        regionCode: village,
      },
    }),
    201,
  );
  await ok(
    api('POST', `/v1/rehab/clients/${person.id}/admissions`, {
      token: tokens.rehab,
      body: { facilityId, program: 'outpatient', source: 'voluntary', primarySubstance: 'methamphetamine', admittedOn },
    }),
    201,
  );
}

beforeAll(async () => {
  await stack.start();
  await provider.start(new URL(stack.gateway.url).origin);
  tokens.rehab = await token({ roles: ['rehab_officer'], region: '31.72', agency: 'BNN' });
  tokens.analyst = await token({ roles: ['analyst'], region: 'ID' });
  tokens.bnnk = await token({ roles: ['admin'], region: '31.72', agency: 'BNN', sub: 'admin-bnnk-jakut' });
  tokens.bnnp = await token({ roles: ['admin'], region: '31', agency: 'BNN', sub: 'admin-bnnp-dki' });
  tokens.bnn = await token({ roles: ['admin'], region: 'ID', agency: 'BNN', sub: 'admin-bnn' });
  tokens.otherBnnp = await token({ roles: ['admin'], region: '16', agency: 'BNN', sub: 'admin-bnnp-sumsel' });
  tokens.polriAdmin = await token({ roles: ['admin'], region: '31', agency: 'POLRI', sub: 'admin-polda' });
}, 120_000);

afterAll(async () => {
  provider.stop();
  await stack.stop();
}, 60_000);

it('walks 31.72 → 31 → ID for 2024, freezes each, and keeps a late admission beside the frozen figures', async () => {
  const clinic = await ok(
    api('POST', '/v1/rehab/facilities', {
      token: tokens.rehab,
      body: { name: 'Klinik Pratama BNNK Jakarta Utara', kind: 'clinic', regionCode: '31.72' },
    }),
    201,
  );
  for (let day = 1; day <= 6; day++) await admit(clinic.id, '31.72.01.1001', `2024-03-0${day}`);
  await eventually(async () => expect(await admissions('31.72')).toBe(6), { timeoutMs: 30_000 });

  // The wrong level and a foreign region.
  expect((await act('bnnk', 'approve', '31.72')).status).toBe(403); // a regency approves nothing of its own
  expect((await act('bnnp', 'submit', '31.72')).status).toBe(403); // the regency's office submits
  expect((await act('bnnk', 'submit', '31')).status).toBe(404); // its province is outside its region
  expect((await act('otherBnnp', 'approve', '31.72')).status).toBe(404);
  expect((await act('polriAdmin', 'approve', '31.72')).status).toBe(403); // BNN's chain
  // A step that does not follow, and one without its reason.
  expect((await act('bnnp', 'approve', '31.72')).status).toBe(409); // nothing submitted yet
  const running = await api('POST', '/v1/reporting/approvals/submit', {
    token: tokens.bnnk,
    body: { regionCode: '31.72', period: { year: new Date().getFullYear() } },
  });
  expect([running.status, running.body.detail]).toEqual([409, expect.stringContaining('has not ended yet')]);
  const noReason = await act('bnnp', 'return', '31.72');
  expect([noReason.status, noReason.body.errors?.[0]?.path]).toEqual([400, 'reason']);

  // Submit, return with a reason, submit again, approve.
  expect((await ok(act('bnnk', 'submit', '31.72'))).state).toBe('submitted');
  expect((await act('bnnk', 'submit', '31.72')).status).toBe(409);
  const returned = await ok(act('bnnp', 'return', '31.72', 'Rawat jalan Maret belum lengkap'));
  expect(returned.state).toBe('returned');
  expect(returned.history.at(-1)).toMatchObject({ action: 'return', reason: 'Rawat jalan Maret belum lengkap' });
  await ok(act('bnnk', 'submit', '31.72'));
  const approved = await ok(act('bnnp', 'approve', '31.72'));
  expect([approved.state, approved.frozenVersion, approved.lateCorrections]).toEqual(['approved', 1, []]);

  // The province cannot submit before every regency is approved or waived.
  const early = await act('bnnp', 'submit', '31');
  expect([early.status, early.body.detail]).toEqual([409, expect.stringContaining('31.71')]);
  const dki = await approval('bnnp', '31');
  for (const child of dki.children.filter((c: { regionCode: string }) => c.regionCode !== '31.72'))
    await ok(act('bnnp', 'waive', child.regionCode, 'Tidak ada unit pelapor pada uji ini'));
  await ok(act('bnnp', 'submit', '31'));
  expect((await act('bnnp', 'approve', '31')).status).toBe(403); // the nation approves a province
  await ok(act('bnn', 'return', '31', 'Periksa lagi angka Jakarta Utara'));
  await ok(act('bnnp', 'submit', '31'));
  await ok(act('bnn', 'approve', '31'));
  // A regency cannot be re-opened under an approved province.
  expect((await act('bnnp', 'reopen', '31.72', 'Koreksi')).status).toBe(409);

  const nation = await approval('bnn', 'ID');
  for (const child of nation.children.filter((c: { regionCode: string }) => c.regionCode !== '31'))
    await ok(act('bnn', 'waive', child.regionCode, 'Di luar uji ini'));
  await ok(act('bnn', 'submit', 'ID'));
  const national = await ok(act('bnn', 'approve', 'ID'));
  expect(national.state).toBe('approved');

  // Late admissions move the live figure, never the frozen one: they show as a late correction.
  // (Five of them: one alone would be a small count of its month, which the province publishes.)
  for (let day = 20; day < 25; day++) await admit(clinic.id, '31.72.01.1001', `2024-11-${day}`);
  await eventually(async () => expect(await admissions('31.72')).toBe(11), { timeoutMs: 30_000 });
  for (const [who, region, frozen] of [
    ['bnnp', '31.72', 6],
    ['bnn', '31', 6],
    ['bnn', 'ID', 6],
  ] as const) {
    const now = await approval(who, region);
    // The clinic's November is no longer silent either: 2 of its 10 months instead of 1.
    expect([region, now.state, now.lateCorrections]).toEqual([
      region,
      'approved',
      [
        { code: 'rehab.admissions', frozen, live: frozen + 5, delta: 5 },
        { code: 'coordination.reporting_completeness', frozen: 10, live: 20, delta: 10 },
      ],
    ]);
  }
  // The clinic registered today but recorded March and November 2024 (loaded after the fact, so
  // nothing on time): owed March to December, silent in the eight months between, not zero.
  const units = await ok(api('GET', `/v1/reporting/completeness?regionCode=31&year=${YEAR}`, { token: tokens.bnnp }));
  expect(units.units.find((u: { unitId: string }) => u.unitId === clinic.id)).toEqual({
    unitId: clinic.id,
    kind: 'rehab_facility',
    name: 'Klinik Pratama BNNK Jakarta Utara',
    regionCode: '31.72',
    expected: 10,
    received: 2,
    onTime: 0,
    silentMonths: ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-12'],
  });
  expect([units.completenessPct, units.timelinessPct, units.deadlineDays]).toEqual([20, 0, 10]);
  // DKI's own office and Jakarta Utara's submitted (late: 2024 ended long ago); the waived owe nothing.
  expect(units.offices).toEqual({ expected: 2, received: 2, onTime: 0, silent: [] });
  expect(
    (await api('GET', `/v1/reporting/completeness?regionCode=31&year=${YEAR}`, { token: tokens.otherBnnp })).status,
  ).toBe(404);
  // The report of the approved period is the frozen one.
  const requested = await ok(
    api('POST', '/v1/reports', {
      token: tokens.bnnp,
      body: { kind: 'coordination', regionCode: '31.72', period: { year: YEAR } },
    }),
    202,
  );
  const report = await eventually(
    async () => {
      const r = await ok(api('GET', `/v1/reports/${requested.id}`, { token: tokens.bnnp }));
      expect(r.status).toBe('done');
      return r.result;
    },
    { timeoutMs: 60_000 },
  );
  const frozenAdmissions = report.indicators.find((i: { code: string }) => i.code === 'rehab.admissions');
  expect([frozenAdmissions.value, report.approval.frozenVersion, report.lateCorrections[0]]).toEqual([
    6,
    1,
    { code: 'rehab.admissions', frozen: 6, live: 11, delta: 5 },
  ]);

  // Every step is an event, and the audit names who took it.
  const steps = await queryDb<{ action: string; actor: string }>(
    stack.ns.databaseUrl('reporting'),
    `select action, actor from approval_step where region_code = '31.72' order by id`,
  );
  expect(steps).toEqual([
    { action: 'submit', actor: 'admin-bnnk-jakut' },
    { action: 'return', actor: 'admin-bnnp-dki' },
    { action: 'submit', actor: 'admin-bnnk-jakut' },
    { action: 'approve', actor: 'admin-bnnp-dki' },
  ]);
  await stack.drained();
  const [published] = await queryDb<{ n: string }>(
    stack.ns.databaseUrl('reporting'),
    `select count(*) as n from outbox where subject like 'reporting.period.%' and published_at is not null`,
  );
  const [taken] = await queryDb<{ n: string }>(
    stack.ns.databaseUrl('reporting'),
    'select count(*) as n from approval_step',
  );
  expect(Number(published?.n)).toBe(Number(taken?.n));
  const nc = await stack.ns.broker.connect('admin');
  try {
    const info = await (await jetstreamManager(nc)).streams.info(stack.ns.names.stream('reporting'));
    expect(info.state.messages).toBe(Number(taken?.n));
  } finally {
    await nc.close();
  }
}, 300_000);

it('serves the report viewer under a policy that reaches only itself and the provider', async () => {
  const page = await fetch(`${stack.gateway.url}/reports`);
  expect(page.status).toBe(200);
  const policy = page.headers.get('content-security-policy') ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toMatch(/script-src[^;]*(unsafe|sha256)/);
  expect(policy).toContain(`connect-src 'self' ${provider.issuer};`);
  const html = await page.text();
  expect(html).not.toContain('id="token"');
  expect(html).toContain('href="/dashboard"');
});

(hasChromium ? it : it.skip)(
  `in the report viewer, each office sees and takes only its own step; one session with the dashboard${hasChromium ? '' : ` — skipped: ${CHROMIUM} is missing`}`,
  async () => {
    const browser = await launchChromium();
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const refusedByBrowser: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refusedByBrowser.push(message.text());
      });
      const reports = `${stack.gateway.url}/reports`;
      // The offices' admins of scripts/oidc/users.mjs: Jakarta Utara's (31.72) and DKI's (31).
      const users: Record<string, string> = { bnnk: 'admin.jakut', bnnp: 'admin.dki' };
      let signedIn = false;
      // Each admin signs in through the provider's form (the one before signs out first); the
      // page comes back fresh, so the form is filled again: Jakarta Utara, 2023, the year.
      const signIn = async (who: string) => {
        if (signedIn) await signOutThroughProvider(page, { url: reports, issuer: provider.issuer });
        await signInThroughProvider(page, {
          url: reports,
          issuer: provider.issuer,
          username: users[who] as string,
          password: DEMO_PASSWORD,
        });
        signedIn = true;
        expect(await page.locator('#token').count()).toBe(0);
        await page.fill('#region', '31.72');
        await page.fill('#year', '2023');
        await page.selectOption('#period', 'annual');
      };
      const show = async (state: string) => {
        await page.click('#load-approval');
        await page.waitForSelector(`#approval-state[data-state="${state}"]`, { timeout: 15_000 });
        return page
          .locator('#approval-actions button')
          .evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.action));
      };
      await signIn('bnnk');
      // Jakarta Utara's office submits its own figures; waiving them is the province's step.
      expect(await show('open')).toEqual(['submit']);
      await page.click('#approval-actions button[data-action="submit"]');
      expect(await show('submitted')).toEqual([]);
      // The province's office approves or returns; with no reason a return is refused, and says why.
      await signIn('bnnp');
      expect(await show('submitted')).toEqual(['approve', 'return']);
      await page.click('#approval-actions button[data-action="return"]');
      await page.waitForFunction(() => document.getElementById('message')?.textContent?.includes('400'), null, {
        timeout: 15_000,
      });
      await page.click('#approval-actions button[data-action="approve"]');
      expect(await show('approved')).toEqual(['reopen']);
      expect(await page.locator('#approval-state').textContent()).toContain('disetujui');

      // One session for both pages: the link to the dashboard finds her signed in, and back.
      await page.click('#to-dashboard');
      await page.waitForURL(`${stack.gateway.url}/dashboard**`);
      await page.waitForSelector('#board:not([hidden])');
      expect(await page.locator('#signin').isHidden()).toBe(true);
      await page.click('#to-reports');
      await page.waitForURL(`${reports}**`);
      await page.waitForSelector('#work:not([hidden])');
      expect(await page.locator('#who').textContent()).toContain('Admin BNNP DKI Jakarta');
      // Signing out on the dashboard ends it here too.
      await page.click('#to-dashboard');
      await signOutThroughProvider(page, { url: `${stack.gateway.url}/dashboard`, issuer: provider.issuer });
      await page.goto(reports);
      await page.waitForSelector('#signin:not([hidden])');
      expect(await page.locator('#work').isHidden()).toBe(true);
      expect(refusedByBrowser).toEqual([]);
    } finally {
      await browser.close();
    }
  },
  120_000,
);
