import { Migration } from '@mikro-orm/migrations';

export class Migration20261202183639 extends Migration {
  override name = 'Migration20261202183639';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "fact_district_month" ("indicator" text not null, "area_code" text not null, "month" date not null, "regency_code" text null, "province_code" text not null, "value" numeric(24,4) not null, primary key ("indicator", "area_code", "month"));`,
    );
    this.addSql(
      `create index "fact_district_month_regency_code_month_index" on "fact_district_month" ("regency_code", "month");`,
    );

    this.addSql(
      `create table "fact_month" ("indicator" text not null, "area_code" text not null, "month" date not null, "dim" text not null, "key" text not null, "province_code" text not null, "value" numeric(24,4) not null, primary key ("indicator", "area_code", "month", "dim", "key"));`,
    );
    this.addSql(`create index "fact_month_month_index" on "fact_month" ("month");`);
    this.addSql(`create index "fact_month_province_code_month_index" on "fact_month" ("province_code", "month");`);
    this.addSql(`create index "fact_month_area_code_month_index" on "fact_month" ("area_code", "month");`);

    this.addSql(`alter table "fact" add "seq" bigint null;`);

    // Existing facts: their aggregates, as the projection writer keeps them from here on
    // (apps/reporting/src/projections/aggregates.ts, as of this migration).
    this.addSql(`insert into fact_month (indicator, area_code, month, dim, key, province_code, value)
      select f.indicator, coalesce(f.regency_code, f.province_code), date_trunc('month', f.occurred_on)::date, d.dim, d.key,
             f.province_code, sum(f.value)
      from fact f cross join lateral (
        select '' as dim, '' as key union all select key, value from jsonb_each_text(f.dims)
        union all select 'facilityKind×program', coalesce(f.dims->>'facilityKind', 'unknown') || '×' || coalesce(f.dims->>'program', 'unknown') where f.indicator = 'rehab.admissions'
        union all select 'source×program', coalesce(f.dims->>'source', 'unknown') || '×' || coalesce(f.dims->>'program', 'unknown') where f.indicator = 'rehab.admissions'
        union all select 'substance×sex', coalesce(f.dims->>'substance', 'unknown') || '×' || coalesce(f.dims->>'sex', 'unknown') where f.indicator = 'rehab.admissions'
        union all select 'ageBand×substance', coalesce(f.dims->>'ageBand', 'unknown') || '×' || coalesce(f.dims->>'substance', 'unknown') where f.indicator = 'rehab.admissions'
      ) d
      group by 1, 2, 3, 4, 5, 6 having sum(f.value) <> 0;`);
    this.addSql(`insert into fact_district_month (indicator, area_code, month, regency_code, province_code, value)
      select indicator, coalesce(district_code, regency_code, province_code), date_trunc('month', occurred_on)::date,
             regency_code, province_code, sum(value)
      from fact group by 1, 2, 3, 4, 5 having sum(value) <> 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "fact_district_month" cascade;`);
    this.addSql(`drop table if exists "fact_month" cascade;`);

    this.addSql(`alter table "fact" drop column "seq";`);
  }
}
