/**
 * The pages, scripts, stylesheets and templates that used to live in .ts template strings are
 * files now (apps/gateway/static, apps/gateway/templates, apps/reporting/templates), so the
 * linter sees them: Biome parses each one (HTML with its embedded CSS, browser JavaScript, CSS)
 * and finds no error. The gateway's pages run under a policy that allows no inline script or
 * style (apps/gateway/src/admin/queue-dashboard.ts, apps/gateway/src/http/security-headers.ts),
 * so none of them may carry one: a browser would refuse it without a word to the server.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@sinergi/runtime/testing';

const FOLDERS = ['apps/gateway/static', 'apps/gateway/templates', 'apps/reporting/templates'];
const GATEWAY_PAGES = ['apps/gateway/static', 'apps/gateway/templates'];

const filesOf = (folder: string) => readdirSync(join(REPO_ROOT, folder)).map((name) => join(folder, name));

interface BiomeReport {
  summary: { changed: number; unchanged: number; errors: number; warnings: number; skipped: number };
  diagnostics: Array<{ category?: string; location?: { path?: string } }>;
}

describe('page files', () => {
  it('are every one checked by Biome, with no error or warning', () => {
    const files = FOLDERS.flatMap(filesOf);
    expect(files.filter((f) => /\.html$/.test(f)).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => /\.js$/.test(f)).length).toBeGreaterThanOrEqual(3);
    expect(files.filter((f) => /\.css$/.test(f)).length).toBeGreaterThanOrEqual(2);
    const run = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'biome'), ['check', '--reporter=json', ...FOLDERS], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const report = JSON.parse(run.stdout) as BiomeReport;
    const found = report.diagnostics.map((d) => `${d.location?.path ?? '?'}: ${d.category ?? '?'}`);
    expect(found).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, skipped: 0 });
    // Biome handled each file: none is ignored by biome.json or of a kind it does not read.
    expect(report.summary.changed + report.summary.unchanged).toBe(files.length);
    expect(run.status).toBe(0);
  });

  it("of the gateway carry no inline script, style or event handler (their policy allows only this origin's files)", () => {
    for (const file of GATEWAY_PAGES.flatMap(filesOf).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(join(REPO_ROOT, file), 'utf8');
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect({ file, inline: scripts.filter((tag) => !/\ssrc="\/[^"]+\.js"/.test(tag)) }).toEqual({ file, inline: [] });
      expect({ file, style: /<style\b|\sstyle=/.test(html), handler: /\son[a-z]+=/.test(html) }).toEqual({
        file,
        style: false,
        handler: false,
      });
    }
  });
});
