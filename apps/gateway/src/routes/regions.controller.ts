import { Controller, Get, Param } from '@nestjs/common';
import { ErrorCode, REGION_LEVELS, regionCodeSchema } from '@sinergi/contracts';
import { RegionDirectory } from '@sinergi/runtime';
import { z } from 'zod';
import { Roles } from '../auth/roles.js';
import { ProblemError } from '../http/problem.js';
import { validate } from '../http/validate.js';
import { Doc } from '../openapi/doc.decorator.js';

/** The Kemendagri hierarchy (idn-area-data): a region, its parent and its children. */
@Controller('v1/regions')
export class RegionsController {
  constructor(private readonly regions: RegionDirectory) {}

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
