import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';

/**
 * The gateway's pages are files of the package, beside `src` and `dist`: `static/` is served as
 * it is, `templates/` is filled in by the gateway. They are read from the package directory, not
 * copied into dist: the service runs as apps/gateway/dist/main.js inside the repository, under
 * `npm run stack` and in the image alike (its Dockerfile keeps the whole build), and `../..`
 * from src/http or dist/http is that directory either way.
 */
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A file of the package (`static/viewer.html`, `templates/admin-dashboard.html`) as text. */
export function packageFile(path: string): string {
  return readFileSync(join(PACKAGE_DIR, path), 'utf8');
}

export interface StaticAsset {
  contentType: string;
  body: string;
}

/**
 * The named files of `static/`, read once at start-up: a route serves only these, looked up by
 * name, so no path a caller sends ever reaches the file system.
 */
export function staticAssets(names: readonly string[]): ReadonlyMap<string, StaticAsset> {
  return new Map(
    names.map((name) => {
      const contentType = CONTENT_TYPES[extname(name)];
      if (!contentType) throw new Error(`no content type for ${name}`);
      return [name, { contentType, body: packageFile(join('static', name)) }];
    }),
  );
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value a template shows goes through this: text and quoted attribute values are safe with it. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/**
 * A Mustache template of `templates/`, read and parsed once, filled with every value escaped.
 * A template may not print a value unescaped (`{{{…}}}`, `{{&…}}`) nor change the delimiters
 * (`{{=…=}}`), so whatever a view holds ends up as text; its attributes are always quoted.
 */
export function htmlTemplate<View extends object>(path: string): (view: View) => string {
  const text = packageFile(path);
  if (/\{\{\s*[{&=]/.test(text)) throw new Error(`${path} prints a value unescaped or changes the delimiters`);
  Mustache.parse(text);
  return (view) => Mustache.render(text, view, undefined, { escape: escapeHtml });
}
