import { Migration } from '@mikro-orm/migrations';

export class Migration20261202191242 extends Migration {
  override name = 'Migration20261202191242';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "fact_version" ("area_code" text not null, "year" int not null, "province_code" text not null, "version" bigint not null, primary key ("area_code", "year"));`,
    );
    this.addSql(`create index "fact_version_province_code_year_index" on "fact_version" ("province_code", "year");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "fact_version" cascade;`);
  }
}
