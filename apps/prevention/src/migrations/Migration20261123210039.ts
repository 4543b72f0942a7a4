import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210039 extends Migration {
  override name = 'Migration20261123210039';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "activity_import_row" ("import_id" uuid not null, "line" int not null, "staged_by" text not null, "activity" jsonb not null, "staged_at" timestamptz not null, primary key ("import_id", "line"));`,
    );
    this.addSql(`create index "activity_import_row_staged_at_index" on "activity_import_row" ("staged_at");`);

    this.addSql(
      `create table "activity" ("id" uuid not null, "region_code" text not null, "kind" text not null, "segment" text not null, "channel" text not null, "on" date not null, "participants" int not null, "reach" int null, "import_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "activity_on_index" on "activity" ("on");`);
    this.addSql(`create index "activity_region_code_created_at_index" on "activity" ("region_code", "created_at");`);

    this.addSql(
      `create table "bersinar_village" ("id" uuid not null, "region_code" text not null, "designated_on" date not null, "status" text not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "bersinar_village" add constraint "bersinar_village_region_code_unique" unique ("region_code");`,
    );
    this.addSql(`create index "bersinar_village_created_at_index" on "bersinar_village" ("created_at");`);

    this.addSql(
      `create table "dead_letter" ("id" uuid not null, "consumer" text not null, "subject" text not null, "event_id" text null, "data" text not null, "error" text not null, "deliveries" int not null, "failed_at" timestamptz not null, primary key ("id"));`,
    );

    this.addSql(
      `create table "inbox" ("event_id" uuid not null, "consumer" text not null, "subject" text not null, "applied_at" timestamptz not null, primary key ("event_id"));`,
    );

    this.addSql(
      `create table "outbox" ("id" uuid not null, "subject" text not null, "envelope" jsonb not null, "created_at" timestamptz not null, "attempts" int not null, "last_error" text null, "published_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "outbox_published_at_created_at_index" on "outbox" ("published_at", "created_at");`);

    this.addSql(
      `create table "risk_assessment" ("id" uuid not null, "area_id" uuid not null, "risk_level" text not null, "assessed_on" date not null, "recorded_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "risk_assessment_area_id_assessed_on_index" on "risk_assessment" ("area_id", "assessed_on");`,
    );

    this.addSql(
      `create table "training" ("id" uuid not null, "region_code" text not null, "on" date not null, "trained" int not null, "sector" text not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "training_region_code_created_at_index" on "training" ("region_code", "created_at");`);

    this.addSql(
      `create table "vulnerable_area" ("id" uuid not null, "region_code" text not null, "name" text not null, "name_key" text not null, "risk_level" text not null, "assessed_on" date not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "vulnerable_area_region_code_created_at_index" on "vulnerable_area" ("region_code", "created_at");`,
    );
    this.addSql(
      `alter table "vulnerable_area" add constraint "vulnerable_area_region_code_name_key_unique" unique ("region_code", "name_key");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "activity_import_row" cascade;`);
    this.addSql(`drop table if exists "activity" cascade;`);
    this.addSql(`drop table if exists "bersinar_village" cascade;`);
    this.addSql(`drop table if exists "dead_letter" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "risk_assessment" cascade;`);
    this.addSql(`drop table if exists "training" cascade;`);
    this.addSql(`drop table if exists "vulnerable_area" cascade;`);
  }
}
