import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '@sinergi/runtime';

/**
 * Facts summed in the same transaction as the facts themselves, at the finest grains a
 * published figure needs:
 * - `fact_month`: indicator × regency × month × breakdown (and the total as dim ''). Regency,
 *   province and national figures, their breakdowns and their child rows are sums over it.
 * - `fact_district_month`: indicator × district × month, totals only: a regency's child rows
 *   and a district's own total.
 * Facts recorded above that grain (a BNNK office at a regency, a province's prison) keep their
 * own code as the area. District breakdowns and villages are read from the facts of that one
 * district or village. A national or province row is never written: reads roll areas up by
 * their codes, so no event contends for a hot row. docs/benchmarks.md has the measured sizes.
 */
@Entity({ tableName: 'fact_month' })
@Index({ properties: ['areaCode', 'month'] })
@Index({ properties: ['provinceCode', 'month'] })
@Index({ properties: ['month'] })
export class FactMonth {
  @PrimaryKey({ type: 'text' })
  indicator!: string;

  /** The regency, or the code a fact above regency level was recorded with. */
  @PrimaryKey({ type: 'text' })
  areaCode!: string;

  @PrimaryKey({ type: 'date' })
  month!: string;

  /** '' for the total; else a breakdown dimension. */
  @PrimaryKey({ type: 'text' })
  dim!: string;

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  provinceCode!: string;

  @Property({ type: 'numeric', precision: 24, scale: 4 })
  value!: string;
}

@Entity({ tableName: 'fact_district_month' })
@Index({ properties: ['regencyCode', 'month'] })
export class FactDistrictMonth {
  @PrimaryKey({ type: 'text' })
  indicator!: string;

  /** The district, or the code a fact above district level was recorded with. */
  @PrimaryKey({ type: 'text' })
  areaCode!: string;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @Property({ type: 'text', nullable: true })
  regencyCode?: string | null;

  @Property({ type: 'text' })
  provinceCode!: string;

  @Property({ type: 'numeric', precision: 24, scale: 4 })
  value!: string;
}

/**
 * How often the figures of a regency (or of a code above it) and year have changed: every batch
 * that moves one of its aggregates adds one. The publication layer keys its suppression of a
 * province's year by the sum over the province, which only ever grows (a rebuild keeps these rows).
 */
@Entity({ tableName: 'fact_version' })
@Index({ properties: ['provinceCode', 'year'] })
export class FactVersion {
  @PrimaryKey({ type: 'text' })
  areaCode!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'text' })
  provinceCode!: string;

  @Property({ type: 'bigint' })
  version!: string;
}

export const AGGREGATE_ENTITIES = [FactMonth, FactDistrictMonth, FactVersion];

/**
 * Pairs of breakdowns kept crossed, for tables that need both at once (the TDI export,
 * apps/reporting/src/reports/tdi.query.ts): dim `a×b`, key `<a's value>×<b's value>`.
 */
export const CROSS_TABS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  'rehab.admissions': [
    ['facilityKind', 'program'],
    ['source', 'program'],
    ['substance', 'sex'],
    ['ageBand', 'substance'],
  ],
};
export const crossDim = (a: string, b: string) => `${a}×${b}`;
const crossKey = (dims: Record<string, string>, a: string, b: string) =>
  `${dims[a] ?? 'unknown'}×${dims[b] ?? 'unknown'}`;

/** A fact's breakdowns as the aggregates keep them: the total, each dimension, each crossed pair. */
export function aggregateParts(indicator: string, dims: Record<string, string>): Array<[string, string]> {
  return [
    ['', ''],
    ...Object.entries(dims),
    ...(CROSS_TABS[indicator] ?? []).map(([a, b]): [string, string] => [crossDim(a, b), crossKey(dims, a, b)]),
  ];
}
export const AGGREGATE_TABLES = ['fact_month', 'fact_district_month'];

/** The fact table's scale: values are summed exactly, as integers of 10⁻⁴. */
const SCALE = 4n;
const UNIT = 10n ** SCALE;

export function toUnits(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace(/^[-+]/, '').split('.');
  const units = BigInt(whole || '0') * UNIT + BigInt(`${fraction}0000`.slice(0, Number(SCALE)));
  return negative ? -units : units;
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const text = `${abs / UNIT}.${(abs % UNIT).toString().padStart(Number(SCALE), '0')}`;
  return negative ? `-${text}` : text;
}

/** A fact as the aggregates see it. */
export interface FactShape {
  indicator: string;
  regionCode: string;
  provinceCode: string;
  regencyCode: string | null;
  districtCode: string | null;
  occurredOn: string;
  value: string;
  dims: Record<string, string>;
}

export const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/** Sums of deltas for both aggregates, keyed by their primary keys. */
export class AggregateDeltas {
  readonly months = new Map<string, { row: Omit<FactMonth, 'value'>; units: bigint }>();
  readonly districts = new Map<string, { row: Omit<FactDistrictMonth, 'value'>; units: bigint }>();
  readonly versions = new Map<string, { areaCode: string; year: number; provinceCode: string }>();

  /** Adds (sign 1) or removes (sign −1) one fact's contribution. */
  add(fact: FactShape, sign: 1n | -1n): void {
    const units = sign * toUnits(fact.value);
    const month = monthOf(fact.occurredOn);
    const area = fact.regencyCode ?? fact.provinceCode;
    const year = Number(fact.occurredOn.slice(0, 4));
    this.versions.set(`${area}|${year}`, { areaCode: area, year, provinceCode: fact.provinceCode });
    for (const [dim, key] of aggregateParts(fact.indicator, fact.dims)) {
      const id = [fact.indicator, area, month, dim, key].join('\u0000');
      const entry = this.months.get(id) ?? {
        row: { indicator: fact.indicator, areaCode: area, month, dim, key, provinceCode: fact.provinceCode },
        units: 0n,
      };
      entry.units += units;
      this.months.set(id, entry);
    }
    const district = fact.districtCode ?? fact.regencyCode ?? fact.provinceCode;
    const id = [fact.indicator, district, month].join('\u0000');
    const entry = this.districts.get(id) ?? {
      row: {
        indicator: fact.indicator,
        areaCode: district,
        month,
        regencyCode: fact.regencyCode,
        provinceCode: fact.provinceCode,
      },
      units: 0n,
    };
    entry.units += units;
    this.districts.set(id, entry);
  }

  /** Adds the deltas to the tables: one statement each, rows in key order (no deadlock between replicas). */
  async write(tx: EntityManager): Promise<void> {
    const versions = [...this.versions.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
    if (versions.length > 0) {
      await tx.execute(
        `insert into fact_version (area_code, year, province_code, version)
         select a, y, p, 1 from unnest(?::text[], ?::int[], ?::text[]) as u(a, y, p)
         on conflict (area_code, year) do update set version = fact_version.version + 1`,
        [
          pgArray(versions.map((v) => v.areaCode)),
          pgArray(versions.map((v) => v.year)),
          pgArray(versions.map((v) => v.provinceCode)),
        ],
      );
    }
    const months = [...this.months.entries()].filter(([, e]) => e.units !== 0n).sort(([a], [b]) => (a < b ? -1 : 1));
    if (months.length > 0) {
      await tx.execute(
        `insert into fact_month (indicator, area_code, month, dim, key, province_code, value)
         select * from unnest(?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[], ?::numeric[])
         on conflict (indicator, area_code, month, dim, key) do update set value = fact_month.value + excluded.value`,
        [
          pgArray(months.map(([, e]) => e.row.indicator)),
          pgArray(months.map(([, e]) => e.row.areaCode)),
          pgArray(months.map(([, e]) => e.row.month)),
          pgArray(months.map(([, e]) => e.row.dim)),
          pgArray(months.map(([, e]) => e.row.key)),
          pgArray(months.map(([, e]) => e.row.provinceCode)),
          pgArray(months.map(([, e]) => fromUnits(e.units))),
        ],
      );
    }
    const districts = [...this.districts.entries()]
      .filter(([, e]) => e.units !== 0n)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    if (districts.length > 0) {
      await tx.execute(
        `insert into fact_district_month (indicator, area_code, month, regency_code, province_code, value)
         select * from unnest(?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::numeric[])
         on conflict (indicator, area_code, month) do update set value = fact_district_month.value + excluded.value`,
        [
          pgArray(districts.map(([, e]) => e.row.indicator)),
          pgArray(districts.map(([, e]) => e.row.areaCode)),
          pgArray(districts.map(([, e]) => e.row.month)),
          pgArray(districts.map(([, e]) => e.row.regencyCode ?? null)),
          pgArray(districts.map(([, e]) => e.row.provinceCode)),
          pgArray(districts.map(([, e]) => fromUnits(e.units))),
        ],
      );
    }
  }
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const crossTabsSql = Object.entries(CROSS_TABS)
  .flatMap(([indicator, pairs]) =>
    pairs.map(
      ([a, b]) =>
        `union all select ${quote(crossDim(a, b))}, coalesce(f.dims->>${quote(a)}, 'unknown') || '×' ||
           coalesce(f.dims->>${quote(b)}, 'unknown') where f.indicator = ${quote(indicator)}`,
    ),
  )
  .join('\n');

/** The aggregates as one GROUP BY over the facts would give them (rebuild and verify use it). */
const MONTH_FROM_FACTS = `
  select f.indicator, coalesce(f.regency_code, f.province_code) as area_code,
         date_trunc('month', f.occurred_on)::date as month, d.dim, d.key, f.province_code, sum(f.value) as value
  from fact f
  cross join lateral (select '' as dim, '' as key union all select key, value from jsonb_each_text(f.dims)
                      ${crossTabsSql}) d
  group by 1, 2, 3, 4, 5, 6`;
const DISTRICT_FROM_FACTS = `
  select f.indicator, coalesce(f.district_code, f.regency_code, f.province_code) as area_code,
         date_trunc('month', f.occurred_on)::date as month, f.regency_code, f.province_code, sum(f.value) as value
  from fact f group by 1, 2, 3, 4, 5`;

/**
 * Recomputes both aggregates from the facts (after a bulk load of facts), and moves the version
 * of every area and year that has facts, so nothing cached from the old rows is served again.
 */
export async function rebuildAggregates(tx: EntityManager): Promise<void> {
  await tx.execute(`truncate ${AGGREGATE_TABLES.join(', ')}`);
  await tx.execute(
    `insert into fact_version (area_code, year, province_code, version)
     select coalesce(regency_code, province_code), extract(year from occurred_on)::int, province_code, 1 from fact
     group by 1, 2, 3
     on conflict (area_code, year) do update set version = fact_version.version + 1`,
  );
  await tx.execute(
    `insert into fact_month (indicator, area_code, month, dim, key, province_code, value) ${MONTH_FROM_FACTS}`,
  );
  await tx.execute(
    `insert into fact_district_month (indicator, area_code, month, regency_code, province_code, value) ${DISTRICT_FROM_FACTS}`,
  );
}

/** Every aggregate row that differs from a GROUP BY over the facts (none, if they agree). */
export async function aggregateDifferences(em: EntityManager, limit = 20): Promise<string[]> {
  const months = await em.execute<{ k: string; stored: string | null; expected: string | null }[]>(
    `select concat_ws('|', coalesce(a.indicator, e.indicator), coalesce(a.area_code, e.area_code),
              coalesce(a.month, e.month), coalesce(a.dim, e.dim), coalesce(a.key, e.key)) as k,
            a.value::text as stored, e.value::text as expected
     from (select * from fact_month where value <> 0) a
     full join (select * from (${MONTH_FROM_FACTS}) m where value <> 0) e
       on a.indicator = e.indicator and a.area_code = e.area_code and a.month = e.month and a.dim = e.dim and a.key = e.key
     where a.value is distinct from e.value limit ?`,
    [limit],
  );
  const districts = await em.execute<{ k: string; stored: string | null; expected: string | null }[]>(
    `select concat_ws('|', coalesce(a.indicator, e.indicator), coalesce(a.area_code, e.area_code),
              coalesce(a.month, e.month)) as k, a.value::text as stored, e.value::text as expected
     from (select * from fact_district_month where value <> 0) a
     full join (select * from (${DISTRICT_FROM_FACTS}) d where value <> 0) e
       on a.indicator = e.indicator and a.area_code = e.area_code and a.month = e.month
     where a.value is distinct from e.value limit ?`,
    [limit],
  );
  return [
    ...months.map((d) => `fact_month ${d.k}: stored ${d.stored ?? 'none'}, facts give ${d.expected ?? 'none'}`),
    ...districts.map(
      (d) => `fact_district_month ${d.k}: stored ${d.stored ?? 'none'}, facts give ${d.expected ?? 'none'}`,
    ),
  ];
}
