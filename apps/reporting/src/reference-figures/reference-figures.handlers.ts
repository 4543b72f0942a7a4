import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportingRpc, type RpcInput, regionLevel, todayInJakarta } from '@sinergi/contracts';
import {
  assertKnownRegion,
  assertVisible,
  assertWritableRegion,
  invalid,
  RegionDirectory,
  type RpcCall,
  RpcRoute,
} from '@sinergi/runtime';
import { type ReferenceFigureRow, referenceFigureOf, referenceFiguresOf } from './reference-figures.js';

/**
 * Survey figures recorded by hand (docs/domain.md, "Reference figures"): BNN's national and
 * provincial analysts enter what a published survey says for their region and below, as they set
 * targets; every role reads them beside the live figures.
 */
@Injectable()
export class ReferenceFiguresHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
  ) {}

  @RpcRoute(ReportingRpc.setReferenceFigure)
  async setReferenceFigure(input: RpcInput<typeof ReportingRpc.setReferenceFigure>, call: RpcCall) {
    assertKnownRegion(this.regions, input.regionCode);
    assertWritableRegion(call.principal, input.regionCode);
    this.assertMeaningful(input);
    const [row] = await this.em.fork().execute<ReferenceFigureRow[]>(
      `insert into reference_figure (region_code, year, kind, value, source, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?, ?, now())
       on conflict (region_code, year, kind) do update set value = excluded.value, source = excluded.source,
         recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
       returning region_code, year, kind, value, source, recorded_at`,
      [input.regionCode, input.year, input.kind, String(input.value), input.source, call.principal.sub],
    );
    if (!row) throw new Error('reference_figure: the upsert returned no row');
    return referenceFigureOf(row);
  }

  @RpcRoute(ReportingRpc.listReferenceFigures)
  async listReferenceFigures(input: RpcInput<typeof ReportingRpc.listReferenceFigures>, call: RpcCall) {
    assertKnownRegion(this.regions, input.regionCode);
    assertVisible(call.principal, input.regionCode, 'region', input.regionCode);
    return { items: await referenceFiguresOf(this.em.fork(), input.regionCode, input.year) };
  }

  /** What the contract cannot check alone: a survey already held, and a rank that is a province's among provinces. */
  private assertMeaningful(input: RpcInput<typeof ReportingRpc.setReferenceFigure>): void {
    if (input.year > Number(todayInJakarta().slice(0, 4))) {
      throw invalid('year', 'a survey figure is of a year that has started');
    }
    if (input.kind !== 'abuse_rank') return;
    if (regionLevel(input.regionCode) !== 'province') {
      throw invalid('kind', 'a rank among provinces is recorded for a province');
    }
    const provinces = this.regions.childrenOf('ID').length;
    if (input.value > provinces)
      throw invalid('value', `a rank among the ${provinces} provinces is at most ${provinces}`);
  }
}
