import { Injectable } from '@nestjs/common';
import { type Indicators, ReportingRpc, type RpcInput, todayInJakarta } from '@sinergi/contracts';
import { assertVisible, invalid, RegionDirectory, type RpcCall, RpcRoute, unprocessable } from '@sinergi/runtime';
import { withholdFromIndicators } from '../publication/referral-outcomes.js';
import { IndicatorQuery } from './indicator.query.js';
import { periodRange } from './period.js';

@Injectable()
export class IndicatorsHandlers {
  constructor(
    private readonly query: IndicatorQuery,
    private readonly regions: RegionDirectory,
  ) {}

  @RpcRoute(ReportingRpc.indicators)
  async indicators(input: RpcInput<typeof ReportingRpc.indicators>, call: RpcCall): Promise<Indicators> {
    if (!this.regions.has(input.regionCode))
      throw unprocessable('regionCode', `${input.regionCode} is not a known region`);
    assertVisible(call.principal, input.regionCode, 'region', input.regionCode);
    const period = { year: input.year, quarter: input.quarter, month: input.month };
    if (periodRange(period).from > todayInJakarta()) throw invalid('year', 'the period has not started yet');
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
