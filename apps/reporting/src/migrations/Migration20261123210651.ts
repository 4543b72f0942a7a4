import { Migration } from '@mikro-orm/migrations';

export class Migration20261123210651 extends Migration {
  override name = 'Migration20261123210651';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "aftercare" ("aftercare_id" uuid not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "client_id" uuid not null, "started_on" date not null, primary key ("aftercare_id"));`,
    );

    this.addSql(
      `create table "assessment" ("assessment_id" uuid not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "requested_on" date null, "due_on" date null, "decided_on" date null, "recommendation" text null, primary key ("assessment_id"));`,
    );

    this.addSql(
      `create table "case_ref" ("case_id" uuid not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "opened_on" date not null, primary key ("case_id"));`,
    );

    this.addSql(
      `create table "follow_up" ("id" text not null, "client_id" uuid not null, "aftercare_id" uuid null, "date" date not null, primary key ("id"));`,
    );
    this.addSql(`create index "follow_up_client_id_date_index" on "follow_up" ("client_id", "date");`);

    this.addSql(
      `create table "intervention" ("id" text not null, "village_code" text not null, "agency" text not null, "on" date not null, "standing" boolean not null, primary key ("id"));`,
    );
    this.addSql(`create index "intervention_village_code_on_index" on "intervention" ("village_code", "on");`);

    this.addSql(
      `create table "prison_snapshot" ("snapshot_id" uuid not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "facility_name" text not null, "on" date not null, "capacity" int not null, "occupancy" int not null, "narcotics_inmates" int not null, primary key ("snapshot_id"));`,
    );

    this.addSql(
      `create table "rehab_episode" ("admission_id" uuid not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "client_id" uuid not null, "admitted_on" date not null, "facility_kind" text not null, "assessment_id" uuid null, "outcome" text null, "discharged_on" date null, primary key ("admission_id"));`,
    );
    this.addSql(`create index "rehab_episode_client_id_index" on "rehab_episode" ("client_id");`);
    this.addSql(`create index "rehab_episode_assessment_id_index" on "rehab_episode" ("assessment_id");`);

    this.addSql(
      `create table "vulnerable_area_level" ("id" text not null, "area_id" uuid not null, "assessed_on" date not null, "level" text not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "vulnerable_area_level_area_id_assessed_on_index" on "vulnerable_area_level" ("area_id", "assessed_on");`,
    );

    this.addSql(
      `create table "vulnerable_area" ("area_id" uuid not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "name" text not null, "mapped_on" date not null, primary key ("area_id"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "aftercare" cascade;`);
    this.addSql(`drop table if exists "assessment" cascade;`);
    this.addSql(`drop table if exists "case_ref" cascade;`);
    this.addSql(`drop table if exists "follow_up" cascade;`);
    this.addSql(`drop table if exists "intervention" cascade;`);
    this.addSql(`drop table if exists "prison_snapshot" cascade;`);
    this.addSql(`drop table if exists "rehab_episode" cascade;`);
    this.addSql(`drop table if exists "vulnerable_area_level" cascade;`);
    this.addSql(`drop table if exists "vulnerable_area" cascade;`);
  }
}
