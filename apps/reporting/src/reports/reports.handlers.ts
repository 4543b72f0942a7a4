import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { isWithinRegion, ReportingRpc, type RpcInput, type RpcOutput, todayInJakarta } from '@sinergi/contracts';
import {
  afterCursor,
  assertKnownRegion,
  assertVisible,
  DomainError,
  invalid,
  notFound,
  RegionDirectory,
  type RpcCall,
  RpcRoute,
  scopedRegion,
  toPage,
  withinRegion,
} from '@sinergi/runtime';
import { assertReadable, periodRange } from '../indicators/period.js';
import { withholdFromReport } from '../publication/referral-outcomes.js';
import { reportToCsv, reportToHtml } from './report-export.js';
import { Report } from './report.entity.js';
import { ReportService } from './report.service.js';
import { TdiQuery } from './tdi.query.js';

function summary(report: Report) {
  return {
    id: report.id,
    kind: report.kind as 'coordination',
    regionCode: report.regionCode,
    periodKey: report.periodKey,
    status: report.status,
    progress: report.progress,
    requestedAt: report.requestedAt.toISOString(),
    finishedAt: report.finishedAt ? report.finishedAt.toISOString() : null,
    error: report.error ?? null,
  };
}

@Injectable()
export class ReportsHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly reports: ReportService,
    private readonly regions: RegionDirectory,
    private readonly tdi: TdiQuery,
  ) {}

  /** The TDI export for the caller's region (or one below it) and a year that has started. */
  @RpcRoute(ReportingRpc.tdiExport)
  async tdiExport(input: RpcInput<typeof ReportingRpc.tdiExport>, call: RpcCall) {
    const regionCode = input.regionCode ?? call.principal.region;
    assertKnownRegion(this.regions, regionCode);
    assertVisible(call.principal, regionCode, 'region', regionCode);
    if (periodRange({ year: input.year }).from > todayInJakarta())
      throw invalid('year', 'the year has not started yet');
    return {
      protocol: 'EMCDDA TDI 3.0' as const,
      year: input.year,
      regionCode,
      ...(await this.tdi.tables(regionCode, input.year)),
    };
  }

  /** Within the caller's quotas (429 beyond them); asking again for a queued report is free. */
  @RpcRoute(ReportingRpc.requestReport)
  async request(input: RpcInput<typeof ReportingRpc.requestReport>, call: RpcCall) {
    assertReadable(this.regions, call.principal, input.regionCode, input.period, 'period');
    return summary(await this.reports.requestByUser(input.kind, input.regionCode, input.period, call.principal.sub));
  }

  private async load(id: string, call: RpcCall): Promise<Report> {
    const report = await this.em.findOne(Report, { id });
    if (!report) throw notFound('report', id);
    assertVisible(call.principal, report.regionCode, 'report', id);
    return report;
  }

  @RpcRoute(ReportingRpc.getReport)
  async get(
    input: RpcInput<typeof ReportingRpc.getReport>,
    call: RpcCall,
  ): Promise<RpcOutput<typeof ReportingRpc.getReport>> {
    const report = await this.load(input.id, call);
    const result = report.status === 'done' && report.result ? withholdFromReport(call.principal, report.result) : null;
    return { ...summary(report), result };
  }

  @RpcRoute(ReportingRpc.listReports)
  async list(input: RpcInput<typeof ReportingRpc.listReports>, call: RpcCall) {
    const region = scopedRegion(call.principal, input.regionCode);
    const rows = await this.em.find(
      Report,
      {
        $and: [
          withinRegion(region),
          afterCursor(input.cursor, { by: 'requestedAt', newestFirst: true }),
          input.status ? { status: input.status } : {},
        ],
      },
      { orderBy: { requestedAt: 'desc', id: 'desc' }, limit: input.limit + 1, exclude: ['result'] },
    );
    const visible = rows.filter((r) => isWithinRegion(r.regionCode, call.principal.region));
    return toPage(
      visible.map((r) => Object.assign(r, { createdAt: r.requestedAt })),
      input.limit,
      summary,
    );
  }

  @RpcRoute(ReportingRpc.exportReport)
  async export(input: RpcInput<typeof ReportingRpc.exportReport>, call: RpcCall) {
    const report = await this.load(input.id, call);
    if (report.status !== 'done' || !report.result) {
      throw new DomainError('conflict', `report ${input.id} is ${report.status}; it can be exported once it is done`);
    }
    const result = withholdFromReport(call.principal, report.result);
    const base = `sinergi-${result.kind}-${result.regionCode}-${result.periodKey}`;
    return input.format === 'csv'
      ? { contentType: 'text/csv; charset=utf-8', filename: `${base}.csv`, body: reportToCsv(result) }
      : {
          contentType: 'text/html; charset=utf-8',
          filename: `${base}.${input.lang}.html`,
          body: reportToHtml(result, input.lang),
        };
  }
}
