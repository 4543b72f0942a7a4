import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Debian's Chromium; CI installs it (.ci/run). On a developer's machine without it the browser
 * specs skip, saying so; under CI=true they run and fail, so a CI that lost its browser is red.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

/** Headless Chromium with a fresh profile and no background traffic (this machine's network is closed). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'sinergi-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 1000 },
  });
  // Best effort: Chromium may still be writing its profile as it closes; a leftover temp dir harms nothing.
  browser.on('close', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    } catch {}
  });
  return browser;
}

/**
 * Signs in on one of the gateway's pages (`/dashboard`, `/reports`) the way a person does:
 * the page's sign-in button, then the OpenID provider's own login form (scripts/oidc/provider.mjs;
 * the demo's users and password are scripts/oidc/users.mjs), and back to the page. No page asks
 * for a token. `url` is the page's address (with its query, if any); `issuer` the provider's.
 */
export async function signInThroughProvider(
  page: Page,
  options: { url: string; issuer: string; username: string; password: string },
) {
  const back = new URL(options.url);
  await page.goto(options.url);
  await page.click('#sign-in');
  await page.waitForURL(`${options.issuer}/interaction/**`);
  await page.fill('#username', options.username);
  await page.fill('#password', options.password);
  await page.click('#sign-in');
  await page.waitForURL(`${back.origin}${back.pathname}**`);
}

/**
 * Signs out on a gateway page: the page's sign-out button, then the provider's confirmation
 * (its end-session page), and back to the page at `url` with its sign-in showing.
 */
export async function signOutThroughProvider(page: Page, options: { url: string; issuer: string }) {
  const back = new URL(options.url);
  await page.click('#sign-out');
  await page.waitForURL(`${options.issuer}/session/end**`);
  await page.click('#sign-out');
  await page.waitForURL(`${back.origin}${back.pathname}**`);
  await page.waitForSelector('#signin:not([hidden])');
}
