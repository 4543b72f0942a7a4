import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type INDICATOR_CODES, ReportingRpc, type RpcInput } from '@sinergi/contracts';
import {
  assertKnownRegion,
  assertVisible,
  assertWritableRegion,
  RegionDirectory,
  type RpcCall,
  RpcRoute,
} from '@sinergi/runtime';

@Injectable()
export class TargetsHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
  ) {}

  /** The targets set for a region and year, as they were set (read back by planners in scope). */
  @RpcRoute(ReportingRpc.listTargets)
  async listTargets(input: RpcInput<typeof ReportingRpc.listTargets>, call: RpcCall) {
    assertKnownRegion(this.regions, input.regionCode);
    assertVisible(call.principal, input.regionCode, 'region', input.regionCode);
    const rows = await this.em.execute<{ indicator: string; target: string; updated_at: Date }[]>(
      'select indicator, target, updated_at from target where region_code = ? and year = ? order by indicator',
      [input.regionCode, input.year],
    );
    return {
      items: rows.map((r) => ({
        regionCode: input.regionCode,
        year: input.year,
        indicator: r.indicator as (typeof INDICATOR_CODES)[number],
        target: Number(r.target),
        updatedAt: new Date(r.updated_at).toISOString(),
      })),
    };
  }

  /** Planners set yearly targets for their region and below; setting one again replaces it. */
  @RpcRoute(ReportingRpc.setTarget)
  async setTarget(input: RpcInput<typeof ReportingRpc.setTarget>, call: RpcCall) {
    assertKnownRegion(this.regions, input.regionCode);
    assertWritableRegion(call.principal, input.regionCode);
    const [row] = await this.em.execute<{ updated_at: Date }[]>(
      `insert into target (region_code, year, indicator, target, set_by, updated_at) values (?, ?, ?, ?, ?, now())
       on conflict (region_code, year, indicator) do update set target = excluded.target, set_by = excluded.set_by,
         updated_at = excluded.updated_at returning updated_at`,
      [input.regionCode, input.year, input.indicator, String(input.target), call.principal.sub],
    );
    return { ...input, updatedAt: new Date(row?.updated_at ?? Date.now()).toISOString() };
  }
}
