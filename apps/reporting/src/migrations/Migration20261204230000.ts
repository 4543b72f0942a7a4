import { Migration } from '@mikro-orm/migrations';

/** Reporting units and what they recorded, for completeness and timeliness (projections/coordination.entities.ts). */
export class Migration20261204230000 extends Migration {
  override name = 'Migration20261204230000';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "reporting_unit" ("unit_id" uuid not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "kind" text not null, "name" text not null, "registered_on" date not null, primary key ("unit_id"));`,
    );
    this.addSql(
      `create table "unit_record" ("record_id" text not null, "unit_id" uuid not null, "month" date not null, "recorded_at" timestamptz not null, primary key ("record_id"));`,
    );
    this.addSql(`create index "unit_record_unit_id_month_index" on "unit_record" ("unit_id", "month");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "unit_record" cascade;`);
    this.addSql(`drop table if exists "reporting_unit" cascade;`);
  }
}
