import { Migration } from '@mikro-orm/migrations';

/** The sign-off chain (approvals/approval.entity.ts). */
export class Migration20261204220000 extends Migration {
  override name = 'Migration20261204220000';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "period_approval" ("region_code" text not null, "period_key" text not null, "state" text not null, "frozen_version" int not null, "frozen" jsonb null, "approved_at" timestamptz null, "updated_at" timestamptz not null, primary key ("region_code", "period_key"));`,
    );
    this.addSql(
      `create table "approval_step" ("id" bigserial primary key, "region_code" text not null, "period_key" text not null, "action" text not null, "from_state" text not null, "to_state" text not null, "reason" text null, "actor" text not null, "actor_region" text not null, "at" timestamptz not null);`,
    );
    this.addSql(
      `create index "approval_step_region_code_period_key_index" on "approval_step" ("region_code", "period_key");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "approval_step" cascade;`);
    this.addSql(`drop table if exists "period_approval" cascade;`);
  }
}
