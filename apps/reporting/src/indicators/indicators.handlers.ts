import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type Indicators,
  type Period,
  ReportingRpc,
  regionLevel,
  type RpcInput,
  todayInJakarta,
} from '@sinergi/contracts';
import { assertVisible, invalid, RegionDirectory, type RpcCall, RpcRoute, unprocessable } from '@sinergi/runtime';
import { withholdFromIndicators } from '../publication/referral-outcomes.js';
import { completenessOf } from './completeness.js';
import { CoordinationQuery } from './coordination.query.js';
import { IndicatorQuery } from './indicator.query.js';
import { periodRange } from './period.js';

@Injectable()
export class IndicatorsHandlers {
  constructor(
    private readonly query: IndicatorQuery,
    private readonly regions: RegionDirectory,
    private readonly em: EntityManager,
    private readonly coordination: CoordinationQuery,
  ) {}

  /** A region and period an analyst may read: known, in the caller's region, already started. */
  private readable(regionCode: string, period: Period, call: RpcCall) {
    if (!this.regions.has(regionCode)) throw unprocessable('regionCode', `${regionCode} is not a known region`);
    assertVisible(call.principal, regionCode, 'region', regionCode);
    if (periodRange(period).from > todayInJakarta()) throw invalid('year', 'the period has not started yet');
  }

  @RpcRoute(ReportingRpc.getCompleteness)
  async completeness(input: RpcInput<typeof ReportingRpc.getCompleteness>, call: RpcCall) {
    const { regionCode, ...period } = input;
    this.readable(regionCode, period as Period, call);
    // The offices that submit to this region: a province's regencies, the nation's provinces.
    const children =
      regionLevel(regionCode) === 'national' || regionLevel(regionCode) === 'province'
        ? this.regions.childrenOf(regionCode).map((c) => c.code)
        : [];
    return completenessOf(this.em.fork(), regionCode, period as Period, this.coordination.deadlineDays, children);
  }

  @RpcRoute(ReportingRpc.indicators)
  async indicators(input: RpcInput<typeof ReportingRpc.indicators>, call: RpcCall): Promise<Indicators> {
    const period = { year: input.year, quarter: input.quarter, month: input.month };
    this.readable(input.regionCode, period, call);
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
