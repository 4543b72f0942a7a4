import { Controller, Get, Param, Query } from '@nestjs/common';
import { ErrorCode, REGION_LEVELS, type RegionLevel, regionCodeSchema } from '@sinergi/contracts';
import { type Region, RegionDirectory } from '@sinergi/runtime';
import { z } from 'zod';
import { Roles } from '../auth/roles.js';
import { ProblemError } from '../http/problem.js';
import { validate } from '../http/validate.js';
import { Doc } from '../openapi/doc.decorator.js';

/** A name as it is compared: lower case, without accents, single spaces. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

const searchQuery = z.object({
  /** Words of the name, in any order: `jakarta utara`, `kerinci`. */
  q: z.string().max(100).transform(fold).pipe(z.string().min(2, 'give at least 2 letters').max(100)),
  /** Only regions in this one and below (the caller's own, say). */
  within: regionCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const regionRef = z.object({ code: z.string().max(13), name: z.string().max(200), level: z.enum(REGION_LEVELS) });
const LEVEL_ORDER: Record<RegionLevel, number> = { national: 0, province: 1, regency: 2, district: 3, village: 4 };

/**
 * Every region's folded name in one string (`name\n` each, ~1.3 MB for ~91,600 regions), with
 * where each begins and its code: a search is `indexOf` over it, not a walk of 91,600 objects.
 * Built on the first search.
 */
class NameIndex {
  private readonly text: string;
  private readonly starts: Uint32Array;
  private readonly codes: string[];

  constructor(regions: RegionDirectory) {
    const names: string[] = [];
    const codes: string[] = [];
    const walk = (code: string) => {
      for (const child of regions.childrenOf(code)) {
        names.push(fold(child.name));
        codes.push(child.code);
        walk(child.code);
      }
    };
    walk('ID');
    const starts = new Uint32Array(names.length);
    let at = 0;
    names.forEach((name, i) => {
      starts[i] = at;
      at += name.length + 1;
    });
    this.text = `${names.join('\n')}\n`;
    this.starts = starts;
    this.codes = codes;
  }

  private entryAt(position: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.starts[middle] as number) <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** Codes of the regions whose name holds every word, with whether the name starts with the first. */
  find(words: string[]): Array<{ code: string; name: string; prefix: boolean }> {
    const [longest] = [...words].sort((a, b) => b.length - a.length);
    if (!longest) return [];
    const found = new Map<number, { code: string; name: string; prefix: boolean }>();
    for (let at = this.text.indexOf(longest); at >= 0; at = this.text.indexOf(longest, at + 1)) {
      const entry = this.entryAt(at);
      if (found.has(entry)) continue;
      const start = this.starts[entry] as number;
      const name = this.text.slice(start, this.text.indexOf('\n', start));
      if (!words.every((word) => name.includes(word))) continue;
      const first = words[0] as string;
      found.set(entry, {
        code: this.codes[entry] as string,
        name,
        prefix: name.startsWith(first) || name.includes(` ${first}`),
      });
    }
    return [...found.values()];
  }
}

/** The Kemendagri hierarchy (idn-area-data): a region, its parent and its children; regions by name. */
@Controller('v1/regions')
export class RegionsController {
  private index?: NameIndex;

  constructor(private readonly regions: RegionDirectory) {}

  @Doc(null, {
    summary: 'Regions whose name holds every word of `q` (case and accents ignored), broadest first',
    query: searchQuery,
    response: z.object({
      items: z.array(regionRef.extend({ parents: z.array(regionRef).max(4) })).max(50),
    }),
  })
  @Get()
  @Roles('rehab_officer', 'enforcement_officer', 'prevention_officer', 'analyst', 'admin')
  search(@Query() query: unknown) {
    const { q, within, limit } = validate(searchQuery, query);
    if (within && !this.regions.has(within)) {
      throw new ProblemError(404, ErrorCode.NotFound, `region ${within} was not found`);
    }
    this.index ??= new NameIndex(this.regions);
    const inside = (code: string) => !within || within === 'ID' || code === within || code.startsWith(`${within}.`);
    const items = this.index
      .find(q.split(' '))
      .filter((hit) => inside(hit.code))
      .map((hit) => ({ hit, region: this.regions.get(hit.code) as Region }))
      .sort(
        (a, b) =>
          LEVEL_ORDER[a.region.level] - LEVEL_ORDER[b.region.level] ||
          Number(b.hit.prefix) - Number(a.hit.prefix) ||
          a.hit.name.localeCompare(b.hit.name) ||
          a.region.code.localeCompare(b.region.code),
      )
      .slice(0, limit)
      .map(({ region }) => ({
        code: region.code,
        name: region.name,
        level: region.level,
        parents: this.parentsOf(region),
      }));
    return { items };
  }

  /** The regions above one, province first (not the nation). */
  private parentsOf(region: Region): Array<{ code: string; name: string; level: RegionLevel }> {
    const parents: Array<{ code: string; name: string; level: RegionLevel }> = [];
    for (let code = region.parentCode; code && code !== 'ID'; ) {
      const parent = this.regions.get(code);
      if (!parent) break;
      parents.unshift({ code: parent.code, name: parent.name, level: parent.level });
      code = parent.parentCode;
    }
    return parents;
  }

  @Doc(null, {
    summary: 'A region of the Kemendagri hierarchy (idn-area-data) with its parent and children',
    response: z.object({
      code: z.string().max(13),
      name: z.string().max(200),
      level: z.enum(REGION_LEVELS),
      parentCode: z.string().max(13).nullable(),
      parent: z
        .object({ code: z.string().max(13), name: z.string().max(200), level: z.enum(REGION_LEVELS) })
        .nullable(),
      // The most children a region has: a regency's districts, a district's villages.
      children: z
        .array(z.object({ code: z.string().max(13), name: z.string().max(200), level: z.enum(REGION_LEVELS) }))
        .max(10_000),
    }),
  })
  @Get(':code')
  @Roles('rehab_officer', 'enforcement_officer', 'prevention_officer', 'analyst', 'admin')
  region(@Param() params: unknown) {
    const { code } = validate(z.object({ code: regionCodeSchema }), params);
    const region = this.regions.get(code);
    if (!region) throw new ProblemError(404, ErrorCode.NotFound, `region ${code} was not found`);
    const parent = region.parentCode ? this.regions.get(region.parentCode) : undefined;
    return {
      ...region,
      parent: parent ? { code: parent.code, name: parent.name, level: parent.level } : null,
      children: this.regions.childrenOf(code).map(({ code: c, name, level }) => ({ code: c, name, level })),
    };
  }
}
