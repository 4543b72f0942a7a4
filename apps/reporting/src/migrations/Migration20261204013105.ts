import { Migration } from '@mikro-orm/migrations';

export class Migration20261204013105 extends Migration {
  override name = 'Migration20261204013105';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "report_request" ("id" bigserial primary key, "requested_by" text not null, "requested_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "report_request_requested_by_requested_at_index" on "report_request" ("requested_by", "requested_at");`,
    );

    this.addSql(`alter table "report" add "scheduled" boolean not null default false;`);
    // Rows a schedule asked for last are scheduled; earlier provenance was overwritten by reruns.
    this.addSql(`update "report" set "scheduled" = true where "requested_by" like 'schedule:%';`);
    this.addSql(`create index "report_requested_at_index" on "report" ("requested_at");`);
    this.addSql(`create index "report_requested_by_status_index" on "report" ("requested_by", "status");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "report_request" cascade;`);

    this.addSql(`drop index "report_requested_at_index";`);
    this.addSql(`drop index "report_requested_by_status_index";`);
    this.addSql(`alter table "report" drop column "scheduled";`);
  }
}
