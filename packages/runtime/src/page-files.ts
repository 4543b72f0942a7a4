import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Mustache from 'mustache';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value a template shows goes through this: text and quoted attribute values are safe with it. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

export interface StaticAsset {
  contentType: string;
  body: string;
}

/**
 * A package's pages, kept as files beside its `src` and `dist` rather than as strings in code:
 * `static/` is served as it is, `templates/` is filled in. They are read from the package
 * directory, not copied into dist: a service runs as apps/<app>/dist/main.js inside the
 * repository, under `npm run stack` and in the image alike (the Dockerfile keeps the whole build).
 */
export class PageFiles {
  private readonly directory: string;

  /** `packageDirectory`: e.g. `new URL('../../', import.meta.url)` from a module in src/<folder>. */
  constructor(packageDirectory: URL) {
    this.directory = fileURLToPath(packageDirectory);
  }

  /** A file of the package (`static/viewer.html`) as text. */
  file(path: string): string {
    return readFileSync(join(this.directory, path), 'utf8');
  }

  /**
   * The named files of `static/`, read once at start-up: a route serves only these, looked up by
   * name in a Map (never an object, whose prototype would answer `constructor`), so no path a
   * caller sends ever reaches the file system.
   */
  assets(names: readonly string[]): ReadonlyMap<string, StaticAsset> {
    return new Map(
      names.map((name) => {
        const contentType = CONTENT_TYPES[extname(name)];
        if (!contentType) throw new Error(`no content type for ${name}`);
        return [name, { contentType, body: this.file(join('static', name)) }];
      }),
    );
  }

  /**
   * A Mustache template of `templates/`, read and parsed once, filled with every value escaped.
   * A template may not print a value unescaped (`{{{…}}}`, `{{&…}}`) nor change the delimiters
   * (`{{=…=}}`), so whatever a view holds ends up as text; its attributes are always quoted. Its
   * comments are for whoever edits it, not for the reader of the page, and are left out.
   */
  template<View extends object>(path: string): (view: View) => string {
    const text = this.file(path).replace(/<!--[\s\S]*?-->\n?/g, '');
    if (/\{\{\s*[{&=]/.test(text)) throw new Error(`${path} prints a value unescaped or changes the delimiters`);
    Mustache.parse(text);
    return (view) => Mustache.render(text, view, undefined, { escape: escapeHtml });
  }
}
