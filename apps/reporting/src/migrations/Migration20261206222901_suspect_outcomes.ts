import { Migration } from '@mikro-orm/migrations';

/**
 * Where suspects go (coordination.suspect_outcomes): each suspect's role, case and assessment, and
 * the day each case reached prosecution.
 */
export class Migration20261206222901_suspect_outcomes extends Migration {
  override name = 'Migration20261206222901_suspect_outcomes';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "case_court" ("case_id" uuid not null, "court_on" date not null, primary key ("case_id"));`,
    );

    this.addSql(
      `create table "suspect_outcome" ("suspect_id" uuid not null, "region_code" text not null, "province_code" text not null, "regency_code" text null, "district_code" text null, "case_id" uuid null, "role" text null, "assessment_id" uuid null, primary key ("suspect_id"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "case_court" cascade;`);
    this.addSql(`drop table if exists "suspect_outcome" cascade;`);
  }
}
