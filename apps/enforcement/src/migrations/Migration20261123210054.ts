import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210054 extends Migration {
  override name = 'Migration20261123210054';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "assessment_request" ("id" uuid not null, "case_id" uuid not null, "suspect_id" uuid not null, "region_code" text not null, "requested_on" date not null, "due_on" date not null, "status" text not null, "recommendation" text null, "decided_on" date null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "assessment_request" add constraint "assessment_request_suspect_id_unique" unique ("suspect_id");`,
    );
    this.addSql(`create index "assessment_request_status_due_on_index" on "assessment_request" ("status", "due_on");`);
    this.addSql(
      `create index "assessment_request_region_code_created_at_index" on "assessment_request" ("region_code", "created_at");`,
    );

    this.addSql(
      `create table "narcotics_case" ("id" uuid not null, "region_code" text not null, "agency" text not null, "opened_on" date not null, "reference" text null, "stage" text not null, "stage_changed_on" date not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "narcotics_case_region_code_created_at_index" on "narcotics_case" ("region_code", "created_at");`,
    );

    this.addSql(
      `create table "dead_letter" ("id" uuid not null, "consumer" text not null, "subject" text not null, "event_id" text null, "data" text not null, "error" text not null, "deliveries" int not null, "failed_at" timestamptz not null, primary key ("id"));`,
    );

    this.addSql(
      `create table "inbox" ("event_id" uuid not null, "consumer" text not null, "subject" text not null, "applied_at" timestamptz not null, primary key ("event_id"));`,
    );

    this.addSql(
      `create table "operation" ("id" uuid not null, "region_code" text not null, "kind" text not null, "venue_type" text null, "conducted_on" date not null, "people_tested" int not null, "positives" int not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "operation_region_code_conducted_on_index" on "operation" ("region_code", "conducted_on");`,
    );

    this.addSql(
      `create table "outbox" ("id" uuid not null, "subject" text not null, "envelope" jsonb not null, "created_at" timestamptz not null, "attempts" int not null, "last_error" text null, "published_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "outbox_published_at_created_at_index" on "outbox" ("published_at", "created_at");`);

    this.addSql(
      `create table "prison_snapshot" ("id" uuid not null, "region_code" text not null, "facility_name" text not null, "snapshot_on" date not null, "capacity" int not null, "occupancy" int not null, "narcotics_inmates" int not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "prison_snapshot" add constraint "prison_snapshot_region_code_facility_name_snapshot_on_unique" unique ("region_code", "facility_name", "snapshot_on");`,
    );

    this.addSql(
      `create table "seizure" ("id" uuid not null, "case_id" uuid not null, "suspect_id" uuid null, "region_code" text not null, "substance" text not null, "quantity" numeric(24,6) not null, "unit" text not null, "seized_on" date not null, "within_one_day_use" boolean not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "seizure_case_id_index" on "seizure" ("case_id");`);
    this.addSql(`create index "seizure_suspect_id_index" on "seizure" ("suspect_id");`);

    this.addSql(
      `create table "suspect" ("id" uuid not null, "case_id" uuid not null, "region_code" text not null, "role" text not null, "sex" text not null, "age" int not null, "age_band" text not null, "nationality" text not null, "status" text not null, "assessment_eligible" boolean not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "suspect_case_id_index" on "suspect" ("case_id");`);

    this.addSql(
      `alter table "operation" add constraint "operation_positives_within_tested" check (positives >= 0 and positives <= people_tested);`,
    );

    this.addSql(
      `alter table "prison_snapshot" add constraint "prison_snapshot_narcotics_within_occupancy" check (narcotics_inmates >= 0 and narcotics_inmates <= occupancy);`,
    );

    this.addSql(`alter table "seizure" add constraint "seizure_quantity_positive" check (quantity > 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "assessment_request" cascade;`);
    this.addSql(`drop table if exists "narcotics_case" cascade;`);
    this.addSql(`drop table if exists "dead_letter" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "operation" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
    this.addSql(`drop table if exists "prison_snapshot" cascade;`);
    this.addSql(`drop table if exists "seizure" cascade;`);
    this.addSql(`drop table if exists "suspect" cascade;`);
  }
}
