import { Migration } from '@mikro-orm/migrations';

/** Survey figures recorded per region, year and kind, with their source (reference-figures/). */
export class Migration20261206220411 extends Migration {
  override name = 'Migration20261206220411';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "reference_figure" ("region_code" text not null, "year" int not null, "kind" text not null, "value" numeric(20,4) not null, "source" text not null, "recorded_by" text not null, "recorded_at" timestamptz not null, primary key ("region_code", "year", "kind"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "reference_figure" cascade;`);
  }
}
