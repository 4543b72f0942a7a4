import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReportingRpc, type RpcInput, type RpcOutput } from '@sinergi/contracts';
import { RegionDirectory, type RpcCall, RpcRoute } from '@sinergi/runtime';
import { assertReadable } from '../indicators/period.js';
import { aliasedRegionFilter } from '../indicators/rollup.js';

type Coverage = RpcOutput<typeof ReportingRpc.vulnerableAreaCoverage>;
type Kind = Coverage['areas'][number]['interventions'][number]['kind'];

interface Row {
  area_id: string;
  name: string;
  region_code: string;
  level: string | null;
  agency: string | null;
  kind: Kind | null;
  n: string | null;
}

/**
 * Multi-agency coverage area by area (docs/domain.md): each vulnerable area of the region, its
 * risk level at the year's end, and per agency what was done in its village during the year, by
 * the rule the indicator `coordination.vulnerable_areas_multi_agency` counts with (work on a day
 * of the year, or a standing presence from before its end). Rehab's work is its IBM units in the
 * village: an admission at one in the year shows rehab's agency there, as it counts for the
 * indicator, but is never counted (`count` is the IBM units registered), so no number of clients
 * shows in a village.
 */
@Injectable()
export class VulnerableAreaCoverageHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
  ) {}

  @RpcRoute(ReportingRpc.vulnerableAreaCoverage)
  async coverage(input: RpcInput<typeof ReportingRpc.vulnerableAreaCoverage>, call: RpcCall): Promise<Coverage> {
    assertReadable(this.regions, call.principal, input.regionCode, { year: input.year });
    const from = `${input.year}-01-01`;
    const to = `${input.year + 1}-01-01`;
    const region = aliasedRegionFilter(input.regionCode, 'a');
    const rows = await this.em.execute<Row[]>(
      `select a.area_id, a.name, a.region_code, l.level, w.agency, w.kind, w.n
       from vulnerable_area a
       left join lateral (select level from vulnerable_area_level v where v.area_id = a.area_id and v.assessed_on < ?
                          order by v.assessed_on desc, v.id desc limit 1) l on true
       left join lateral (
         select i.agency,
                case when i.id like 'activity:%' then 'activity' when i.id like 'operation:%' then 'operation'
                     else 'ibm_unit' end as kind,
                count(*) filter (where i.id not like 'ibm-admission:%') as n
         from intervention i
         where i.village_code = a.region_code and i."on" < ? and (i.standing or i."on" >= ?)
         group by 1, 2) w on true
       where ${region.sql} and a.mapped_on < ?
       order by a.region_code, a.name, w.agency, w.kind`,
      [to, to, from, ...region.params, to],
    );
    const areas = new Map<string, Coverage['areas'][number]>();
    for (const row of rows) {
      const area = areas.get(row.area_id) ?? {
        areaId: row.area_id,
        name: row.name,
        villageCode: row.region_code,
        riskLevel: row.level,
        agencies: [],
        interventions: [],
      };
      areas.set(row.area_id, area);
      if (!row.agency || !row.kind) continue;
      if (!area.agencies.includes(row.agency)) area.agencies.push(row.agency);
      area.interventions.push({ agency: row.agency, kind: row.kind, count: Number(row.n) });
    }
    return { regionCode: input.regionCode, year: input.year, areas: [...areas.values()] };
  }
}
