import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210113 extends Migration {
  override name = 'Migration20261123210113';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "report" ("id" uuid not null, "kind" text not null, "region_code" text not null, "period_key" text not null, "version" int not null, "status" text not null, "progress" int not null, "result" jsonb null, "error" text null, "requested_by" text not null, "requested_at" timestamptz not null, "finished_at" timestamptz null, "heartbeat_at" timestamptz null, "generations" int not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "report" add constraint "report_kind_region_code_period_key_version_unique" unique ("kind", "region_code", "period_key", "version");`,
    );

    this.addSql(
      `create table "schedule" ("name" text not null, "cron" text not null, "time_zone" text not null, "levels" jsonb not null, "enabled" boolean not null, "since" timestamptz not null, "updated_at" timestamptz not null, primary key ("name"));`,
    );

    this.addSql(
      `create table "target" ("region_code" text not null, "year" int not null, "indicator" text not null, "target" numeric(20,4) not null, "set_by" text not null, "updated_at" timestamptz not null, primary key ("region_code", "year", "indicator"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "report" cascade;`);
    this.addSql(`drop table if exists "schedule" cascade;`);
    this.addSql(`drop table if exists "target" cascade;`);
  }
}
