import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NATIONAL_REGION, parentRegion, REGION_LEVELS, type RegionLevel } from '@sinergi/contracts';
import { unprocessable } from './errors.js';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** The files of idn-area-data, one per level below the nation, each sorted by code. */
const FILES = ['provinces', 'regencies', 'districts', 'villages'] as const;

function dataDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('idn-area-data/package.json')), 'data');
}

/**
 * One level of the hierarchy, packed: every code of the level in one string of fixed-width
 * entries in ascending order (`11.01` `11.02` …), every name in another, with where each name
 * ends. 83,762 villages take ~2 MiB this way instead of ~20 MiB as maps of strings and arrays,
 * in every service that loads the directory (all of them: a record's region may be a village).
 */
class PackedLevel {
  private constructor(
    readonly level: RegionLevel,
    readonly width: number,
    readonly size: number,
    private readonly codes: string,
    private readonly names: string,
    private readonly nameEnds: Uint32Array,
  ) {}

  /**
   * Reads `code,...,name` rows of one idn-area-data CSV; a name may be quoted (`"Soka""an"`).
   * Codes must come in ascending order with one width (the package's files do; checked here so
   * a data update that breaks it fails at start, not in a lookup).
   */
  static read(level: RegionLevel, file: string): PackedLevel {
    const text = readFileSync(file, 'utf8');
    const codes: string[] = [];
    const names: string[] = [];
    const ends: number[] = [];
    let length = 0;
    let start = text.indexOf('\n') + 1; // past the header
    while (start > 0 && start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const line = text.slice(start, text[end - 1] === '\r' ? end - 1 : end);
      start = end + 1;
      if (!line) continue;
      const code = line.slice(0, line.indexOf(','));
      let name = line.slice(line.lastIndexOf(',') + 1);
      if (line.endsWith('"')) name = line.slice(line.lastIndexOf(',"') + 2, -1).replaceAll('""', '"');
      const previous = codes.at(-1);
      if (previous !== undefined && (code.length !== previous.length || code <= previous))
        throw new Error(`${file}: ${code} after ${previous}: codes must be one width, ascending`);
      codes.push(code);
      names.push(name);
      length += name.length;
      ends.push(length);
    }
    const width = codes[0]?.length ?? 0;
    // join() builds flat strings: nothing keeps the file's text (or a slice of it) alive.
    return new PackedLevel(level, width, codes.length, codes.join(''), names.join(''), Uint32Array.from(ends));
  }

  codeAt(index: number): string {
    return this.codes.slice(index * this.width, (index + 1) * this.width);
  }

  nameAt(index: number): string {
    return this.names.slice(index === 0 ? 0 : (this.nameEnds[index - 1] as number), this.nameEnds[index]);
  }

  /** Compares `key` (at most `width` characters) with the start of entry `index`. */
  private compare(index: number, key: string): number {
    const offset = index * this.width;
    for (let i = 0; i < key.length; i++) {
      const d = this.codes.charCodeAt(offset + i) - key.charCodeAt(i);
      if (d !== 0) return d;
    }
    return 0;
  }

  /** The first entry not below `key`: where `key` is, or where codes starting with it begin. */
  private lowerBound(key: string): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(middle, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  indexOf(code: string): number {
    if (code.length !== this.width) return -1;
    const index = this.lowerBound(code);
    return index < this.size && this.compare(index, code) === 0 ? index : -1;
  }

  /** The entries whose code starts with `prefix` (`31.72.` → the districts of 31.72), in order. */
  rangeOf(prefix: string): [from: number, to: number] {
    if (prefix.length >= this.width) return [0, 0];
    const from = this.lowerBound(prefix);
    let to = from;
    while (to < this.size && this.compare(to, prefix) === 0) to += 1;
    return [from, to];
  }
}

/**
 * The Kemendagri region hierarchy from `idn-area-data` (38 provinces, 514 regencies/cities,
 * ~7,300 districts, ~83,700 villages), held in memory: one packed level per file (codes sorted,
 * looked up by binary search; a region's children are the next level's codes that start with
 * its own, a contiguous run).
 */
export class RegionDirectory {
  /** Index i holds REGION_LEVELS[i + 1]: province, regency, district, village. */
  private readonly levels: PackedLevel[];

  private constructor() {
    const directory = dataDirectory();
    this.levels = FILES.map((file, i) =>
      PackedLevel.read(REGION_LEVELS[i + 1] as RegionLevel, join(directory, `${file}.csv`)),
    );
  }

  private static instance?: RegionDirectory;

  static load(): RegionDirectory {
    RegionDirectory.instance ??= new RegionDirectory();
    return RegionDirectory.instance;
  }

  /** The packed level holding codes as long as `code` (each level has one width), or undefined. */
  private levelFor(code: string): PackedLevel | undefined {
    for (const level of this.levels) if (level.width === code.length) return level;
    return undefined;
  }

  private region(level: PackedLevel, index: number): Region {
    const code = level.codeAt(index);
    return { code, name: level.nameAt(index), level: level.level, parentCode: parentRegion(code) ?? null };
  }

  has(code: string): boolean {
    if (code === NATIONAL_REGION) return true;
    return (this.levelFor(code)?.indexOf(code) ?? -1) >= 0;
  }

  get(code: string): Region | undefined {
    if (code === NATIONAL_REGION) return { code, name: 'Indonesia', level: 'national', parentCode: null };
    const level = this.levelFor(code);
    const index = level?.indexOf(code) ?? -1;
    return level && index >= 0 ? this.region(level, index) : undefined;
  }

  /** The regions directly below `code`, in code order; none for a village or a malformed code. */
  childrenOf(code: string): Region[] {
    const national = code === NATIONAL_REGION;
    const at = national ? -1 : this.levels.findIndex((level) => level.width === code.length);
    const below = national || at >= 0 ? this.levels[at + 1] : undefined;
    if (!below) return [];
    const [from, to] = national ? [0, below.size] : below.rangeOf(`${code}.`);
    const children: Region[] = [];
    for (let i = from; i < to; i++) children.push(this.region(below, i));
    return children;
  }

  count(level: RegionLevel): number {
    if (level === 'national') return 1;
    return this.levels.find((l) => l.level === level)?.size ?? 0;
  }
}

/** Why a region code cannot be used, when the directory does not know it. */
export function unknownRegionProblem(regions: Pick<RegionDirectory, 'has'>, regionCode: string): string | undefined {
  return regions.has(regionCode) ? undefined : `${regionCode} is not a known region`;
}

/** A region code the directory does not know is a 422 naming the field. */
export function assertKnownRegion(
  regions: Pick<RegionDirectory, 'has'>,
  regionCode: string,
  path = 'regionCode',
): void {
  const problem = unknownRegionProblem(regions, regionCode);
  if (problem) throw unprocessable(path, problem);
}
