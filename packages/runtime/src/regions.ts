import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NATIONAL_REGION, parentRegion, type RegionLevel, regionLevel } from '@sinergi/contracts';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

const FILES = ['provinces', 'regencies', 'districts', 'villages'] as const;

function dataDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('idn-area-data/package.json')), 'data');
}

/** Reads `code,...,name` rows of one idn-area-data CSV; names may be quoted. */
function readCsv(file: string): Array<[code: string, name: string]> {
  const rows: Array<[string, string]> = [];
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const code = line.slice(0, line.indexOf(','));
    let name = line.slice(line.lastIndexOf(',') + 1);
    if (line.endsWith('"')) name = line.slice(line.lastIndexOf(',"') + 2, -1).replaceAll('""', '"');
    rows.push([code, name]);
  }
  return rows;
}

/**
 * The Kemendagri region hierarchy from `idn-area-data` (38 provinces, 514 regencies/cities,
 * ~7,300 districts, ~83,700 villages), held in memory.
 */
export class RegionDirectory {
  private readonly names = new Map<string, string>();
  private readonly children = new Map<string, string[]>();

  private constructor() {
    this.names.set(NATIONAL_REGION, 'Indonesia');
    const directory = dataDirectory();
    for (const file of FILES) {
      for (const [code, name] of readCsv(join(directory, `${file}.csv`))) {
        this.names.set(code, name);
        const parent = parentRegion(code) ?? NATIONAL_REGION;
        const siblings = this.children.get(parent);
        if (siblings) siblings.push(code);
        else this.children.set(parent, [code]);
      }
    }
  }

  private static instance?: RegionDirectory;

  static load(): RegionDirectory {
    RegionDirectory.instance ??= new RegionDirectory();
    return RegionDirectory.instance;
  }

  has(code: string): boolean {
    return this.names.has(code);
  }

  get(code: string): Region | undefined {
    const name = this.names.get(code);
    if (name === undefined) return undefined;
    return { code, name, level: regionLevel(code), parentCode: parentRegion(code) ?? null };
  }

  childrenOf(code: string): Region[] {
    return (this.children.get(code) ?? []).map((child) => this.get(child) as Region);
  }

  count(level: RegionLevel): number {
    let n = 0;
    for (const code of this.names.keys()) if (regionLevel(code) === level) n += 1;
    return n;
  }
}
