import { Migration } from '@mikro-orm/migrations';

export class Migration20261123204411 extends Migration {
  override name = 'Migration20261123204411';

  override up(): void | Promise<void> {
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
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "dead_letter" cascade;`);
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
  }
}
