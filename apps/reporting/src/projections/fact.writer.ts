import type { EntityManager } from '@mikro-orm/postgresql';
import { regionLineage } from '@sinergi/contracts';

export interface FactInput {
  id: string;
  indicator: string;
  regionCode: string;
  occurredOn: string;
  value?: number | string;
  dims?: Record<string, string | null | undefined>;
  eventId: string;
}

/** The ancestors of a region code by level, for the fact's roll-up columns. */
export function rollupColumns(regionCode: string) {
  const lineage = regionLineage(regionCode).reverse(); // ID, province, regency, district, village
  return {
    provinceCode: lineage[1] ?? regionCode,
    regencyCode: lineage[2] ?? null,
    districtCode: lineage[3] ?? null,
  };
}

/** Inserts or replaces one fact, so applying the same thing twice counts it once. */
export async function upsertFact(em: EntityManager, fact: FactInput): Promise<void> {
  const { provinceCode, regencyCode, districtCode } = rollupColumns(fact.regionCode);
  const dims = Object.fromEntries(Object.entries(fact.dims ?? {}).filter(([, v]) => v !== null && v !== undefined));
  await em.execute(
    `insert into fact (id, indicator, region_code, province_code, regency_code, district_code, occurred_on, value, dims, event_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (id) do update set indicator = excluded.indicator, region_code = excluded.region_code,
       province_code = excluded.province_code, regency_code = excluded.regency_code,
       district_code = excluded.district_code, occurred_on = excluded.occurred_on, value = excluded.value,
       dims = excluded.dims, event_id = excluded.event_id`,
    [
      fact.id,
      fact.indicator,
      fact.regionCode,
      provinceCode,
      regencyCode,
      districtCode,
      fact.occurredOn,
      String(fact.value ?? 1),
      JSON.stringify(dims),
      fact.eventId,
    ],
  );
}
