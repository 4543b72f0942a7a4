import { readdirSync, readFileSync } from 'node:fs';
import { parentRegion, regionLevel } from '@sinergi/contracts';

/**
 * Editions of the Kemendagri region codes and the crosswalks between them
 * (packages/runtime/data/: editions.json, crosswalk-<from>-<to>.json; docs/operations.md,
 * "Geography editions"). Facts keep the code they were recorded with; these say which place a
 * code of any edition is in another, so a reader can ask for figures in either.
 */
export interface Edition {
  id: string;
  /** The Kemendagri decision the codes follow. */
  basis: string;
  /** The npm package (alias) holding its files, or null where none is installed. */
  package: string | null;
  version?: string;
  note?: string;
}

interface CrosswalkEntry {
  level: string;
  from?: string | string[];
  to?: string | string[];
  code?: string;
  name?: string;
  added?: string;
  retired?: string;
}

interface CrosswalkFile {
  from: string;
  to: string;
  /** Whether a child not listed moves with its parent, keeping its own number. */
  childrenFollow: boolean;
  moved: CrosswalkEntry[];
  split: CrosswalkEntry[];
  added: CrosswalkEntry[];
  retired: CrosswalkEntry[];
  districts: CrosswalkEntry[];
  villages: CrosswalkEntry[];
}

/** One step between consecutive editions, as maps both ways. */
interface Step {
  from: string;
  to: string;
  childrenFollow: boolean;
  forward: Map<string, string>;
  backward: Map<string, string>;
  /** Codes the step added, with the codes they were carved out of. */
  carved: Map<string, string[]>;
  /** Codes whose places went to several codes of the newer edition (they may still exist). */
  split: Map<string, string[]>;
  /** Every code the step names: where a region may have aliases. */
  named: Set<string>;
}

/** How a region of one edition is read from facts recorded with codes of any edition. */
export interface RegionCodes {
  /** The region's own code and the codes of other editions that are the same place. */
  same: string[];
  /** Codes below other regions (in their recording edition) whose place is inside this one. */
  include: string[];
  /** Codes below this region (or its aliases) whose place is elsewhere in the edition read. */
  exclude: string[];
}

const DATA = new URL('../data/', import.meta.url);

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

/** Whether `code` is `ancestor` or below it. */
const within = (code: string, ancestor: string) => code === ancestor || code.startsWith(`${ancestor}.`);

function stepOf(file: CrosswalkFile): Step {
  const step: Step = {
    from: file.from,
    to: file.to,
    childrenFollow: file.childrenFollow,
    forward: new Map(),
    backward: new Map(),
    carved: new Map(),
    split: new Map(),
    named: new Set(),
  };
  for (const entry of [...file.moved, ...file.districts, ...file.villages]) {
    const [from] = asList(entry.from);
    const [to] = asList(entry.to);
    if (entry.code === undefined && entry.added === undefined && from && to) {
      step.forward.set(from, to);
      step.backward.set(to, from);
    }
  }
  for (const entry of [...file.added, ...file.districts, ...file.villages]) {
    const code = entry.code ?? entry.added;
    if (code && entry.from) step.carved.set(code, asList(entry.from));
  }
  for (const entry of file.split) {
    const [from] = asList(entry.from);
    if (from) step.split.set(from, asList(entry.to));
  }
  for (const map of [step.forward, step.backward, step.carved, step.split])
    for (const code of map.keys()) step.named.add(code);
  for (const list of step.carved.values()) for (const code of list) step.named.add(code);
  return step;
}

/** The nearest of `code` and its ancestors that `map` holds, or undefined. */
function nearest(map: Map<string, unknown>, code: string): string | undefined {
  for (let c: string | undefined = code; c; c = parentRegion(c)) if (map.has(c)) return c;
  return undefined;
}

export class Geography {
  readonly current: string;
  readonly editions: readonly Edition[];
  private readonly steps: Step[];
  private readonly memo = new Map<string, string | null>();
  private readonly regionMemo = new Map<string, RegionCodes>();
  /** Every code some step names, shortest first: the only codes a region's aliases can be among. */
  private readonly named: string[];
  private readonly namedSet: Map<string, true>;

  private constructor() {
    const meta = JSON.parse(readFileSync(new URL('editions.json', DATA), 'utf8')) as {
      current: string;
      editions: Edition[];
    };
    this.current = meta.current;
    this.editions = meta.editions;
    const files = readdirSync(DATA).filter((f) => /^crosswalk-.+-.+\.json$/.test(f));
    const order = meta.editions.map((e) => e.id);
    this.steps = files
      .map((f) => stepOf(JSON.parse(readFileSync(new URL(f, DATA), 'utf8')) as CrosswalkFile))
      .sort((a, b) => order.indexOf(a.from) - order.indexOf(b.from));
    for (const [i, step] of this.steps.entries()) {
      const next = this.steps[i + 1];
      if (order.indexOf(step.to) !== order.indexOf(step.from) + 1 || (next && next.from !== step.to))
        throw new Error(`crosswalks must join consecutive editions of editions.json: ${step.from}→${step.to}`);
    }
    this.named = [...new Set(this.steps.flatMap((step) => [...step.named]))].sort((a, b) => a.length - b.length);
    this.namedSet = new Map(this.named.map((code) => [code, true]));
  }

  private static instance?: Geography;

  static load(): Geography {
    Geography.instance ??= new Geography();
    return Geography.instance;
  }

  /** The editions a reader may ask figures in: those whose codes are installed. */
  readable(): string[] {
    return this.editions.filter((e) => e.package !== null).map((e) => e.id);
  }

  edition(id: string): Edition | undefined {
    return this.editions.find((e) => e.id === id);
  }

  private before(a: string, b: string): boolean {
    const order = this.editions.map((e) => e.id);
    return order.indexOf(a) < order.indexOf(b);
  }

  /** Where one step takes a code, forwards or backwards; null where its place is not known there. */
  private across(step: Step, code: string, forwards: boolean): string | null {
    const map = forwards ? step.forward : step.backward;
    const listed = map.get(code);
    if (listed) return listed;
    // Backwards, a code the step added is the code it was carved out of (the parent's history).
    if (!forwards && step.carved.has(code)) {
      const from = step.carved.get(code) ?? [];
      return from.length === 1 ? (from[0] as string) : null;
    }
    const parent = parentRegion(code);
    const ancestor = parent ? nearest(map, parent) : undefined;
    // Below a carved code and not listed: a place the older edition has no code for.
    const carved = !forwards && parent ? nearest(step.carved, parent) : undefined;
    if (carved && (!ancestor || carved.length > ancestor.length)) return null;
    if (!ancestor) return code;
    if (!step.childrenFollow) return null;
    return `${map.get(ancestor) as string}${code.slice(ancestor.length)}`;
  }

  /**
   * The code of `edition` for the place a code of any edition names (codes are never reused
   * for another place, which the crosswalk script checks); null where no code of that edition
   * is known to be it (a child of a renumbered regency the crosswalk does not list).
   */
  translate(code: string, edition: string = this.current): string | null {
    // Most codes no step names, nor any of their parents: they are the same in every edition,
    // and are not kept (a read's child rows would otherwise keep every village it met).
    if (code === 'ID' || nearest(this.namedSet, code) === undefined) return code;
    const key = `${edition}|${code}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    let c: string | null = code;
    for (const step of this.steps) if (c !== null && !this.before(edition, step.to)) c = this.across(step, c, true);
    for (const step of [...this.steps].reverse())
      if (c !== null && !this.before(step.from, edition)) c = this.across(step, c, false);
    this.memo.set(key, c);
    return c;
  }

  /** What a code that is no longer current became, and since which edition; undefined if nothing. */
  successor(code: string): { code: string; since: string } | undefined {
    const current = this.translate(code, this.current);
    if (current === null || current === code) return undefined;
    let c = code;
    for (const step of this.steps) {
      const next = this.across(step, c, true);
      if (next !== c) return { code: current, since: step.to };
      c = next;
    }
    return undefined;
  }

  /**
   * The codes whose facts make up `region` of `edition`: itself and its aliases, codes from
   * elsewhere that moved into it, and codes under it that moved out. Regions no crosswalk
   * touches have only themselves.
   */
  codesOf(region: string, edition: string = this.current): RegionCodes {
    const key = `${edition}|${region}`;
    const known = this.regionMemo.get(key);
    if (known) return known;
    const named = this.named;
    const level = regionLevel(region);
    const same = new Set([region]);
    // Its own code in every other edition (92.71.01 for 96.71.01, a child that followed its
    // regency), and every listed code that is the same place.
    const candidates = [...this.editions.map((e) => this.translate(region, e.id)), ...named];
    for (const code of candidates)
      if (code && regionLevel(code) === level && code !== region && this.translate(code, edition) === region)
        same.add(code);
    const under = (code: string) => [...same].some((s) => within(code, s));
    const include: string[] = [];
    const exclude: string[] = [];
    if (region !== 'ID') {
      for (const code of named) {
        if (code.length <= region.length || same.has(code)) continue;
        const place = this.translate(code, edition);
        if (place === null) continue; // its parent's history, wherever its parent is
        const inside = within(place, region);
        if (inside && !under(code) && !include.some((c) => within(code, c))) include.push(code);
        if (!inside && under(code) && !exclude.some((c) => within(code, c))) exclude.push(code);
      }
    }
    const codes = { same: [...same], include, exclude };
    this.regionMemo.set(key, codes);
    return codes;
  }

  /**
   * What a reader of `region` in `edition` should know about its history: codes of other
   * editions counted in it or left out of it, and splits shown as the parent's.
   */
  notesOf(region: string, edition: string = this.current): string[] {
    const { same, include, exclude } = this.codesOf(region, edition);
    const notes: string[] = [];
    const others = same.filter((c) => c !== region);
    if (others.length > 0)
      notes.push(`${region} in edition ${edition} includes what was recorded under ${others.join(', ')}.`);
    if (include.length > 0)
      notes.push(
        `${region} in edition ${edition} includes what was recorded under ${include.join(', ')}, now within it.`,
      );
    if (exclude.length > 0)
      notes.push(
        `${region} in edition ${edition} leaves out what was recorded under ${exclude.join(', ')}, elsewhere in that edition.`,
      );
    for (const step of this.steps) {
      if (this.before(edition, step.to)) continue;
      const parts = step.split.get(region);
      if (parts && parts.length > 1)
        notes.push(
          `${region} was split in edition ${step.to} (into ${parts.join(', ')}): what was recorded under it before counts here, as the parent's history, never divided among the parts.`,
        );
      const from = step.carved.get(region);
      if (from)
        notes.push(
          `${region} was carved out of ${from.join(', ')} in edition ${step.to}: what was recorded there before counts in ${from.join(', ')}, not here.`,
        );
    }
    return notes;
  }
}
