import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204138 extends Migration {
  override name = 'Migration20261123204138';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "dead_letter" ("id" uuid not null, "consumer" text not null, "subject" text not null, "event_id" text null, "data" text not null, "error" text not null, "deliveries" int not null, "failed_at" timestamptz not null, primary key ("id"));`,
    );

    this.addSql(
      `create table "fact" ("id" text not null, "indicator" text not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "occurred_on" date not null, "value" numeric(20,4) not null, "dims" jsonb not null, "event_id" uuid not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "fact_indicator_region_code_occurred_on_index" on "fact" ("indicator", "region_code", "occurred_on");`,
    );
    this.addSql(
      `create index "fact_indicator_district_code_occurred_on_index" on "fact" ("indicator", "district_code", "occurred_on");`,
    );
    this.addSql(
      `create index "fact_indicator_regency_code_occurred_on_index" on "fact" ("indicator", "regency_code", "occurred_on");`,
    );
    this.addSql(
      `create index "fact_indicator_province_code_occurred_on_index" on "fact" ("indicator", "province_code", "occurred_on");`,
    );

    this.addSql(
      `create table "inbox" ("event_id" uuid not null, "consumer" text not null, "subject" text not null, "applied_at" timestamptz not null, primary key ("event_id"));`,
    );

    this.addSql(
      `create table "outbox" ("id" uuid not null, "subject" text not null, "envelope" jsonb not null, "created_at" timestamptz not null, "attempts" int not null, "last_error" text null, "published_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "outbox_published_at_created_at_index" on "outbox" ("published_at", "created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "dead_letter" cascade;`);
    this.addSql(`drop table if exists "fact" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
  }
}
