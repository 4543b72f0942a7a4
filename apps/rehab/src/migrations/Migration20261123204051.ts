import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204051 extends Migration {
  override name = 'Migration20261123204051';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "admission" ("id" uuid not null, "client_id" uuid not null, "facility_id" uuid not null, "region_code" text not null, "program" text not null, "source" text not null, "primary_substance" text not null, "admitted_on" date not null, "assessment_id" uuid null, "status" text not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "admission_client_id_status_index" on "admission" ("client_id", "status");`);

    this.addSql(
      `create table "client" ("id" uuid not null, "region_code" text not null, "sex" text not null, "age_band" text not null, "identity_key_id" text not null, "identity_ciphertext" text not null, "nik_hash" text null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "client_region_code_index" on "client" ("region_code");`);
    this.addSql(`alter table "client" add constraint "client_nik_hash_unique" unique ("nik_hash");`);

    this.addSql(
      `create table "dead_letter" ("id" uuid not null, "consumer" text not null, "subject" text not null, "event_id" text null, "data" text not null, "error" text not null, "deliveries" int not null, "failed_at" timestamptz not null, primary key ("id"));`,
    );

    this.addSql(
      `create table "facility" ("id" uuid not null, "name" text not null, "kind" text not null, "region_code" text not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "facility_region_code_created_at_index" on "facility" ("region_code", "created_at");`);

    this.addSql(
      `create table "inbox" ("event_id" uuid not null, "consumer" text not null, "subject" text not null, "applied_at" timestamptz not null, primary key ("event_id"));`,
    );

    this.addSql(
      `create table "outbox" ("id" uuid not null, "subject" text not null, "envelope" jsonb not null, "created_at" timestamptz not null, "attempts" int not null, "last_error" text null, "published_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "outbox_published_at_created_at_index" on "outbox" ("published_at", "created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "admission" cascade;`);
    this.addSql(`drop table if exists "client" cascade;`);
    this.addSql(`drop table if exists "dead_letter" cascade;`);
    this.addSql(`drop table if exists "facility" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
  }
}
