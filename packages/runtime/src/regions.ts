import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NATIONAL_REGION, parentRegion, REGION_LEVELS, type RegionLevel, regionLineage } from '@sinergi/contracts';
import { Geography } from './editions.js';
import { unprocessable } from './errors.js';

export { type Edition, Geography, type RegionCodes } from './editions.js';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** The files of idn-area-data, one per level below the nation, each sorted by code. */
const FILES = ['provinces', 'regencies', 'districts', 'villages'] as const;

/** The data files of an installed idn-area-data release (`idn-area-data`, or an alias such as `idn-area-data-3`). */
function dataDirectory(pkg = 'idn-area-data'): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'data');
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

  private constructor(pkg?: string, files: readonly string[] = FILES) {
    const directory = dataDirectory(pkg);
    this.levels = files.map((file, i) =>
      PackedLevel.read(REGION_LEVELS[i + 1] as RegionLevel, join(directory, `${file}.csv`)),
    );
  }

  private static instance?: RegionDirectory;
  private static readonly older = new Map<string, RegionDirectory>();

  static load(): RegionDirectory {
    RegionDirectory.instance ??= new RegionDirectory();
    return RegionDirectory.instance;
  }

  /**
   * The directory of an edition a reader may ask figures in (./editions.ts), or undefined for
   * one not installed. The current edition is the one every service holds; an older one is
   * read on first use and only down to districts (figures of an old edition's village are not
   * offered: its ~84,000 villages would double the memory every reporting process holds).
   */
  static ofEdition(id: string): RegionDirectory | undefined {
    const geography = Geography.load();
    if (id === geography.current) return RegionDirectory.load();
    const pkg = geography.edition(id)?.package;
    if (!pkg) return undefined;
    let directory = RegionDirectory.older.get(id);
    if (!directory) {
      directory = new RegionDirectory(pkg, FILES.slice(0, 3));
      RegionDirectory.older.set(id, directory);
    }
    return directory;
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

/**
 * Why a region code cannot be used, when the directory does not know it. A code of an older
 * edition that the crosswalks map to a current one (./editions.ts) says what it became, so a
 * system still sending 92.71 learns to send 96.71.
 */
export function unknownRegionProblem(
  regions: Pick<RegionDirectory, 'has'> & Partial<Pick<RegionDirectory, 'get'>>,
  regionCode: string,
): string | undefined {
  if (regions.has(regionCode)) return undefined;
  const successor = Geography.load().successor(regionCode);
  if (!successor || !regions.has(successor.code)) return `${regionCode} is not a known region`;
  // The place and what it lies in, below the nation: "Kota Sorong, Papua Barat Daya".
  const names = regionLineage(successor.code)
    .filter((code) => code !== NATIONAL_REGION)
    .map((code) => regions.get?.(code)?.name)
    .filter((name): name is string => name !== undefined);
  const named = names.length > 0 ? ` (${names.join(', ')})` : '';
  return `${regionCode} is not a current region; since edition ${successor.since} it is ${successor.code}${named}`;
}

/** A region code the directory does not know is a 422 naming the field (and what an old code became). */
export function assertKnownRegion(
  regions: Pick<RegionDirectory, 'has'> & Partial<Pick<RegionDirectory, 'get'>>,
  regionCode: string,
  path = 'regionCode',
): void {
  const problem = unknownRegionProblem(regions, regionCode);
  if (problem) throw unprocessable(path, problem);
}
