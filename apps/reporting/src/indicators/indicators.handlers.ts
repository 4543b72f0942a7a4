import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Indicators, type Period, ReportingRpc, type RpcInput } from '@sinergi/contracts';
import { RegionDirectory, type RpcCall, RpcRoute } from '@sinergi/runtime';
import { submittingChildren } from '../approvals/approval.rules.js';
import { withholdFromIndicators } from '../publication/referral-outcomes.js';
import { completenessOf } from './completeness.js';
import { CoordinationQuery } from './coordination.query.js';
import { IndicatorQuery } from './indicator.query.js';
import { assertReadable } from './period.js';

@Injectable()
export class IndicatorsHandlers {
  constructor(
    private readonly query: IndicatorQuery,
    private readonly regions: RegionDirectory,
    private readonly em: EntityManager,
    private readonly coordination: CoordinationQuery,
  ) {}

  @RpcRoute(ReportingRpc.getCompleteness)
  async completeness(input: RpcInput<typeof ReportingRpc.getCompleteness>, call: RpcCall) {
    const { regionCode, ...period } = input;
    assertReadable(this.regions, call.principal, regionCode, period as Period);
    const children = submittingChildren(this.regions, regionCode).map((c) => c.code);
    return completenessOf(this.em.fork(), regionCode, period as Period, this.coordination.deadlineDays, children);
  }

  @RpcRoute(ReportingRpc.indicators)
  async indicators(input: RpcInput<typeof ReportingRpc.indicators>, call: RpcCall): Promise<Indicators> {
    const period = { year: input.year, quarter: input.quarter, month: input.month };
    assertReadable(this.regions, call.principal, input.regionCode, period);
    const indicators = withholdFromIndicators(
      call.principal,
      input.regionCode,
      await this.query.compute(input.regionCode, period),
    );
    return {
      regionCode: input.regionCode,
      period: Object.fromEntries(Object.entries(period).filter(([, v]) => v !== undefined)) as Indicators['period'],
      indicators,
    };
  }
}
