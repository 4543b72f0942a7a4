import { Migration } from '@mikro-orm/migrations';

export class Migration20261123211125 extends Migration {
  override name = 'Migration20261123211125';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "aftercare" ("id" uuid not null, "admission_id" uuid not null, "client_id" uuid not null, "region_code" text not null, "started_on" date not null, "discharged_on" date not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "aftercare" add constraint "aftercare_admission_id_unique" unique ("admission_id");`);
    this.addSql(`create index "aftercare_region_code_created_at_index" on "aftercare" ("region_code", "created_at");`);

    this.addSql(
      `create table "assessment" ("id" uuid not null, "case_id" uuid not null, "suspect_id" uuid not null, "region_code" text not null, "requested_on" date not null, "due_on" date not null, "sex" text not null, "age_band" text not null, "assessment_eligible" boolean not null, "status" text not null, "recommendation" text null, "decided_on" date null, "notes" text null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "assessment_region_code_created_at_index" on "assessment" ("region_code", "created_at");`,
    );
    this.addSql(`create index "assessment_status_created_at_index" on "assessment" ("status", "created_at");`);

    this.addSql(
      `create table "certificate" ("id" uuid not null, "facility_id" uuid not null, "region_code" text not null, "issued_on" date not null, "purpose" text not null, "result" text not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "certificate_facility_id_index" on "certificate" ("facility_id");`);
    this.addSql(
      `create index "certificate_region_code_created_at_index" on "certificate" ("region_code", "created_at");`,
    );

    this.addSql(
      `create table "follow_up" ("id" uuid not null, "aftercare_id" uuid not null, "client_id" uuid not null, "date" date not null, "status" text not null, "employed" boolean null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "follow_up_aftercare_id_date_index" on "follow_up" ("aftercare_id", "date");`);

    this.addSql(
      `create table "identity_audit" ("id" uuid not null, "client_id" uuid not null, "region_code" text not null, "sub" text not null, "agency" text not null, "purpose" text not null, "read_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "identity_audit_client_id_read_at_index" on "identity_audit" ("client_id", "read_at");`);
    this.addSql(`create index "identity_audit_read_at_id_index" on "identity_audit" ("read_at", "id");`);

    this.addSql(`alter table "admission" add "outcome" text null, add "discharged_on" date null;`);
    this.addSql(`alter table "admission" add constraint "admission_assessment_id_unique" unique ("assessment_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "aftercare" cascade;`);
    this.addSql(`drop table if exists "assessment" cascade;`);
    this.addSql(`drop table if exists "certificate" cascade;`);
    this.addSql(`drop table if exists "follow_up" cascade;`);
    this.addSql(`drop table if exists "identity_audit" cascade;`);

    this.addSql(`alter table "admission" drop constraint "admission_assessment_id_unique";`);
    this.addSql(`alter table "admission" drop column "outcome", drop column "discharged_on";`);
  }
}
