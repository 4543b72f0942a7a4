/**
 * Swagger UI at /docs renders the whole API in a real browser: one operation block per route of
 * the OpenAPI document, opened and showing its schema. A screenshot goes to docs/img/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';
import { TEST_JWT_SECRET } from '../support/http.js';

const ns = new TestNamespace('d');
const gateway = new ServiceProcess('gateway', ns.env('gateway', { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1' }));

beforeAll(async () => {
  await ns.start();
  await gateway.start();
}, 120_000);

afterAll(async () => {
  await gateway.stop();
  await ns.cleanup([]);
});

(hasChromium ? it : it.skip)(
  `renders every documented operation in Swagger UI${hasChromium ? '' : ` — skipped: ${CHROMIUM} is missing`}`,
  async () => {
    const document = (await (await fetch(`${gateway.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, object>;
    };
    const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'];
    const operations = Object.values(document.paths).reduce(
      (n, methods) => n + Object.keys(methods).filter((key) => HTTP_METHODS.includes(key)).length,
      0,
    );
    const browser = await launchChromium();
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`${gateway.url}/docs`);
      await page.waitForSelector('.opblock', { timeout: 30_000 });
      expect(await page.locator('.opblock').count()).toBe(operations);
      expect(await page.locator('.info .title').textContent()).toContain('Sinergi API');
      // Open one operation: its request body schema and example are there.
      await page.locator('.opblock-post:has-text("/v1/rehab/clients/{id}/admissions")').first().click();
      await page.waitForSelector('.opblock-body .body-param__example, .opblock-body .model-example', {
        timeout: 10_000,
      });
      expect(await page.locator('.opblock.is-open').textContent()).toContain('primarySubstance');
      mkdirSync(join(REPO_ROOT, 'docs', 'img'), { recursive: true });
      await page.screenshot({ path: join(REPO_ROOT, 'docs', 'img', 'api-docs.png') });
    } finally {
      await browser.close();
    }
  },
  120_000,
);
