import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportingRpc, type RpcInput } from '@sinergi/contracts';
import { assertWritableRegion, RegionDirectory, type RpcCall, RpcRoute, unprocessable } from '@sinergi/runtime';

@Injectable()
export class TargetsHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
  ) {}

  /** Planners set yearly targets for their region and below; setting one again replaces it. */
  @RpcRoute(ReportingRpc.setTarget)
  async setTarget(input: RpcInput<typeof ReportingRpc.setTarget>, call: RpcCall) {
    if (!this.regions.has(input.regionCode))
      throw unprocessable('regionCode', `${input.regionCode} is not a known region`);
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
