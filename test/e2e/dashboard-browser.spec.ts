/**
 * Issue 18's walk of the regional dashboard (/dashboard) in headless Chromium, on all five
 * services and the local OpenID provider (scripts/oidc/provider.mjs) as processes: the Jakarta
 * Utara analyst signs in through the provider's login form (authorization code + PKCE), sees
 * 118 admissions of a target of 100 for 2024 with the trend against 2023, is refused Jambi (the
 * API answers 404), and signs out; the DKI analyst drills from DKI Jakarta to Jakarta Utara by
 * name, with the keyboard. The spec writes its own figures through the API (118 + 20 admissions
 * in 2024, 40 in 2023, two targets) and saves the screenshots of docs/img/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, REPO_ROOT } from '@sinergi/runtime/testing';
import { SignJWT } from 'jose';
import { DEMO_PASSWORD } from '../../scripts/oidc/users.mjs';
import {
  CHROMIUM,
  hasChromium,
  launchChromium,
  signInThroughProvider,
  signOutThroughProvider,
} from '../support/browser.js';
import { client, TEST_JWT_SECRET, token } from '../support/http.js';
import { oidcProvider } from '../support/oidc.js';
import { TestStack } from '../support/stack.js';

const provider = await oidcProvider();
const issuer = provider.issuer;
const stack = new TestStack('db', {
  env: {
    gateway: {
      ...provider.gatewayEnv,
      RATE_LIMIT_PER_USER: '100000',
      RATE_LIMIT_PER_IP: '100000',
    },
  },
});
const api = client(() => stack.gateway.url);
const IMG = join(REPO_ROOT, 'docs', 'img');

async function ok(response: ReturnType<typeof api>, status = 200) {
  const r = await response;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** `count` admissions at a facility, in the given months of a year, a few at a time. */
async function admit(officer: string, facilityId: string, village: string, dates: string[]) {
  const one = async (admittedOn: string, i: number) => {
    const person = await ok(
      api('POST', '/v1/rehab/clients', {
        token: officer,
        body: {
          identity: { fullName: `Klien dasbor ${village} ${admittedOn} ${i}`, birthDate: '1990-01-01' },
          sex: i % 2 ? 'male' : 'female',
          regionCode: village,
        },
      }),
      201,
    );
    await ok(
      api('POST', `/v1/rehab/clients/${person.id}/admissions`, {
        token: officer,
        body: {
          facilityId,
          program: 'outpatient',
          source: 'voluntary',
          primarySubstance: 'methamphetamine',
          admittedOn,
        },
      }),
      201,
    );
  };
  for (let i = 0; i < dates.length; i += 8) {
    await Promise.all(dates.slice(i, i + 8).map((date, j) => one(date, i + j)));
  }
}

/** Admissions spread over months: `perMonth[m]` on the 10th of month m + 1. */
const spread = (year: number, perMonth: number[]) =>
  perMonth.flatMap((n, m) => Array.from({ length: n }, () => `${year}-${String(m + 1).padStart(2, '0')}-10`));

beforeAll(async () => {
  await stack.start();
  await provider.start(new URL(stack.gateway.url).origin);
  const officer = await token({ roles: ['rehab_officer'], region: '31', agency: 'BNN', sub: 'dashboard-rehab' });
  const planner = await token({ roles: ['analyst'], region: '31', agency: 'BNN', sub: 'dashboard-planner' });
  const clinic = async (name: string, regionCode: string) =>
    (await ok(api('POST', '/v1/rehab/facilities', { token: officer, body: { name, kind: 'clinic', regionCode } }), 201))
      .id as string;
  const jakut = await clinic('Klinik Pratama Penjaringan (dasbor)', '31.72.01.1001');
  const jakpus = await clinic('Klinik Pratama Gambir (dasbor)', '31.71.01.1001');
  // Every regency-month with admissions holds at least five, so nothing of Jakarta Utara's year
  // is small enough to hide; the trend compares 2024's 118 with 2023's 40.
  await admit(officer, jakut, '31.72.01.1001', [
    ...spread(2024, [12, 12, 12, 12, 12, 12, 12, 12, 11, 11]),
    ...spread(2023, [5, 5, 5, 5, 5, 5, 5, 5]),
  ]);
  await admit(officer, jakpus, '31.71.01.1001', spread(2024, [5, 5, 5, 5]));
  for (const [regionCode, target] of [
    ['31.72', 100],
    ['31.71', 40],
  ] as const) {
    await ok(
      api('PUT', '/v1/reporting/targets', {
        token: planner,
        body: { regionCode, year: 2024, indicator: 'rehab.admissions', target },
      }),
    );
  }
  await eventually(
    async () => {
      const body = await ok(api('GET', '/v1/reporting/indicators?regionCode=31&year=2023', { token: planner }));
      expect(body.indicators.find((i: { code: string }) => i.code === 'rehab.admissions').value).toBe(40);
      const y2024 = await ok(api('GET', '/v1/reporting/indicators?regionCode=31&year=2024', { token: planner }));
      expect(y2024.indicators.find((i: { code: string }) => i.code === 'rehab.admissions').value).toBe(138);
    },
    { timeoutMs: 30_000 },
  );
}, 120_000);

afterAll(async () => {
  provider.stop();
  await stack.stop();
}, 60_000);

describe('the gateway beside an OpenID provider', () => {
  it('serves the dashboard under a policy that reaches only itself and the provider', async () => {
    const page = await fetch(`${stack.gateway.url}/dashboard`);
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*(unsafe|sha256)/);
    expect(policy).toContain(`connect-src 'self' ${issuer}`);
    const config = await (await fetch(`${stack.gateway.url}/dashboard/config`)).json();
    expect(config).toEqual({ issuer, clientId: 'sinergi-dashboard', scope: 'openid profile sinergi' });
  });

  it("accepts local HS256 tokens for scripts, and refuses one that names the provider's issuer", async () => {
    const analyst = await token({ roles: ['analyst'], region: '31.72' });
    expect((await api('GET', '/v1/regions/31.72', { token: analyst })).status).toBe(200);
    const forged = await new SignJWT({ agency: 'BNN', roles: ['analyst'], region: 'ID' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo:analis.nasional')
      .setIssuer(issuer)
      .setAudience('sinergi-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect((await api('GET', '/v1/regions/31.72', { token: forged })).status).toBe(401);
  });

  it('finds regions by name, broadest first', async () => {
    const analyst = await token({ roles: ['analyst'], region: '31.72' });
    const found = await ok(api('GET', '/v1/regions?q=jakarta%20UTARA', { token: analyst }));
    expect(found.items[0]).toMatchObject({
      code: '31.72',
      name: 'Kota Administrasi Jakarta Utara',
      level: 'regency',
      parents: [{ code: '31', name: 'Daerah Khusus Ibukota Jakarta', level: 'province' }],
    });
    const kerinci = await ok(api('GET', '/v1/regions?q=kerinci&within=15', { token: analyst }));
    expect(kerinci.items.map((i: { code: string }) => i.code)).toContain('15.01');
    expect(kerinci.items.every((i: { code: string }) => i.code.startsWith('15.'))).toBe(true);
    expect((await api('GET', '/v1/regions?q=j', { token: analyst })).status).toBe(400);
  });
});

if (!hasChromium)
  console.warn(`skipping the dashboard in a browser: ${CHROMIUM} is missing (apt-get install -y chromium)`);

(hasChromium ? it : it.skip)(
  `in headless Chromium: sign-in, 118 of 100 with its trend, Jambi refused, sign-out, DKI → Jakarta Utara by name${hasChromium ? '' : ` — skipped: ${CHROMIUM} is missing`}`,
  async () => {
    mkdirSync(IMG, { recursive: true });
    const browser = await launchChromium();
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const refusedByBrowser: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refusedByBrowser.push(message.text());
      });
      // The provider's own form: the dashboard never asks for a token or a password.
      const signIn = (username: string) =>
        signInThroughProvider(page, {
          url: `${stack.gateway.url}/dashboard?year=2024`,
          issuer,
          username,
          password: DEMO_PASSWORD,
        });
      const loaded = (region: string) =>
        page.waitForSelector(`body[data-loaded="${region}|2024"]`, { state: 'attached', timeout: 30_000 });
      const card = (code: string) => page.locator(`article.indicator[data-code="${code}"]`);

      // The Jakarta Utara analyst: her own region, 118 admissions of a target of 100.
      await signIn('analis.jakut');
      await loaded('31.72');
      expect(new URL(page.url()).search).toBe('?region=31.72&year=2024');
      const admissions = card('rehab.admissions');
      expect(await admissions.locator('[data-cell="value"]').textContent()).toBe('118');
      expect(await admissions.locator('[data-cell="target"]').textContent()).toBe('dari target 100');
      expect(await admissions.locator('[data-cell="achievement"]').textContent()).toBe('capaian 118%');
      // The trend: a regency's months are not published, so the chart is 2024 against 2023's 40.
      expect(await admissions.locator('canvas[role="img"]').getAttribute('aria-label')).toContain('2024');
      expect(await admissions.locator('table.trend-table td').allTextContents()).toEqual(['40', '118']);
      // Her districts, ranked: the clinic is in Penjaringan (a district's year is published).
      const first = await page.locator('#children tbody tr').first().locator('td').allTextContents();
      expect(first.slice(0, 3)).toEqual(['1', 'Penjaringan', '118']);
      await page.screenshot({ path: join(IMG, 'dashboard-31.72-2024.png') });

      // What the token says, and how long it lives: the provider's RS256 JWT for the API.
      const session = await page.evaluate(() => {
        const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
        const user = key ? JSON.parse(sessionStorage.getItem(key) as string) : null;
        return { accessToken: user?.access_token as string | undefined, tokens: Object.keys(localStorage) };
      });
      const claims = JSON.parse(Buffer.from((session.accessToken ?? '').split('.')[1] ?? '', 'base64url').toString());
      expect(claims).toMatchObject({ iss: issuer, aud: 'sinergi-api', region: '31.72', roles: ['analyst'] });
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);

      // Jambi is outside her region: found by name, refused by the API (404), and the page says so.
      await page.fill('#search', 'Jambi');
      await page.locator('#search-results [data-region="15"]').click();
      await page.waitForSelector('#refusal[data-region="15"]:not([hidden])');
      expect(await page.locator('#refusal-text').textContent()).toContain('404');
      expect(await page.locator('#content').isHidden()).toBe(true);
      const direct = await api('GET', '/v1/reporting/trends?regionCode=15&year=2024', { token: session.accessToken });
      expect(direct.status).toBe(404);

      // English, and a phone's width.
      await page.goto(`${stack.gateway.url}/dashboard?region=31.72&year=2024`);
      await loaded('31.72');
      await page.click('#lang-en');
      expect(await page.locator('h1').textContent()).toBe('Sinergi — Regional dashboard');
      expect(await card('rehab.admissions').locator('[data-cell="target"]').textContent()).toBe('of a target of 100');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(IMG, 'dashboard-31.72-2024-phone.png') });
      await page.setViewportSize({ width: 1440, height: 1000 });
      await page.click('#lang-id');

      // Signing out ends the provider's session too: the next sign-in asks for the password again.
      await signOutThroughProvider(page, { url: `${stack.gateway.url}/dashboard`, issuer });
      expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:')))).toEqual(
        [],
      );
      expect((await api('GET', '/v1/regions/31', { token: 'not-a-token' })).status).toBe(401);

      // The DKI analyst: the province's months are published, so its chart is monthly; the
      // regencies are ranked by achievement; she drills to Jakarta Utara by name, with the keyboard.
      await signIn('analis.dki');
      await loaded('31');
      const dki = card('rehab.admissions');
      expect(await dki.locator('[data-cell="value"]').textContent()).toBe('138');
      const months = await dki.locator('table.trend-table tbody tr').count();
      expect(months).toBe(12);
      const ranked = await page
        .locator('#children tbody tr')
        .evaluateAll((rows) =>
          rows.slice(0, 2).map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)),
        );
      // Completeness: the clinics recorded in 10 and 4 of 2024's 12 months.
      expect(ranked).toEqual([
        ['1', 'Kota Administrasi Jakarta Utara', '118', '100', '118%', 'terbuka', '83,3%'],
        ['2', 'Kota Administrasi Jakarta Pusat', '20', '40', '50%', 'terbuka', '33,3%'],
      ]);
      await page.screenshot({ path: join(IMG, 'dashboard-31-2024.png') });
      await page.focus('#search');
      await page.keyboard.type('jakarta utara');
      await page.waitForSelector('#search-results [data-region="31.72"]');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await loaded('31.72');
      expect(await card('rehab.admissions').locator('[data-cell="value"]').textContent()).toBe('118');
      expect(await page.locator('#crumbs button[data-region="31"]').textContent()).toBe(
        'Daerah Khusus Ibukota Jakarta',
      );
      expect(refusedByBrowser).toEqual([]);
    } finally {
      await browser.close();
    }
  },
  90_000,
);
