import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Indicators, type Period, ReportingRpc, type RpcInput } from '@sinergi/contracts';
import { Geography, RegionDirectory, type RpcCall, RpcRoute } from '@sinergi/runtime';
import { submittingChildren } from '../approvals/approval.rules.js';
import { PublicationLayer } from '../publication/publication.js';
import { seesReferralOutcomes, withholdFromIndicators } from '../publication/referral-outcomes.js';
import { CoordinationReportBuilder } from '../reports/coordination-report.builder.js';
import { completenessOf } from './completeness.js';
import { CoordinationQuery } from './coordination.query.js';
import { acrossEditions } from './across-editions.js';
import { readIn } from './geography.js';
import { IndicatorQuery } from './indicator.query.js';
import { assertReadable } from './period.js';
import { trendsOf } from './trends.js';

@Injectable()
export class IndicatorsHandlers {
  constructor(
    private readonly query: IndicatorQuery,
    private readonly regions: RegionDirectory,
    private readonly em: EntityManager,
    private readonly coordination: CoordinationQuery,
    private readonly publication: PublicationLayer,
    private readonly builder: CoordinationReportBuilder,
  ) {}

  /** The dashboard's trends and child regions (./trends.ts), for a region the caller may read. */
  @RpcRoute(ReportingRpc.trends)
  async trends(input: RpcInput<typeof ReportingRpc.trends>, call: RpcCall) {
    assertReadable(this.regions, call.principal, input.regionCode, { year: input.year });
    const trends = await trendsOf(
      { query: this.query, publication: this.publication, builder: this.builder },
      input.regionCode,
      input.year,
    );
    // Trends carry no breakdowns: of the referral outcomes (../publication/referral-outcomes.ts)
    // only the rate itself is left to withhold from a reader who may not see it here.
    if (seesReferralOutcomes(call.principal, input.regionCode)) return trends;
    return {
      ...trends,
      indicators: trends.indicators.filter((i) => i.code !== 'coordination.referral_admission_rate'),
    };
  }

  @RpcRoute(ReportingRpc.getCompleteness)
  async completeness(input: RpcInput<typeof ReportingRpc.getCompleteness>, call: RpcCall) {
    const { regionCode, ...period } = input;
    assertReadable(this.regions, call.principal, regionCode, period as Period);
    const children = submittingChildren(this.regions, regionCode).map((c) => c.code);
    return completenessOf(this.em.fork(), regionCode, period as Period, this.coordination.deadlineDays, children);
  }

  /**
   * Every indicator of a region and period, in the edition of region codes asked for (the
   * current one by default, ./geography.ts): what was recorded under codes of other editions
   * counts where that edition puts it, and the answer's notes say what the region rests on.
   */
  @RpcRoute(ReportingRpc.indicators)
  async indicators(input: RpcInput<typeof ReportingRpc.indicators>, call: RpcCall): Promise<Indicators> {
    const period = { year: input.year, quarter: input.quarter, month: input.month };
    const geography = Geography.load();
    const edition = input.edition ?? geography.current;
    assertReadable(this.regions, call.principal, input.regionCode, period, 'year', edition);
    return readIn(edition, async () => {
      const [computed, references] = await Promise.all([
        this.query.compute(input.regionCode, period),
        this.query.references(input.regionCode, period.year),
      ]);
      const across = await acrossEditions(this.em.fork(), input.regionCode, period, computed);
      const indicators = withholdFromIndicators(call.principal, input.regionCode, across.indicators);
      const notes = [...geography.notesOf(input.regionCode, edition), ...across.notes];
      return {
        regionCode: input.regionCode,
        period: Object.fromEntries(Object.entries(period).filter(([, v]) => v !== undefined)) as Indicators['period'],
        indicators,
        // Published surveys' figures, beside the live ones: the same for every reader of the region.
        references,
        edition,
        ...(notes.length > 0 ? { geographyNotes: notes } : {}),
      };
    });
  }
}
