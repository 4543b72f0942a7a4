import { Migration } from '@mikro-orm/migrations';

export class Migration20261123212051 extends Migration {
  override name = 'Migration20261123212051';

  override up(): void | Promise<void> {
    this.addSql(`alter table "rehab_episode" alter column "facility_kind" drop not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "rehab_episode" alter column "facility_kind" set not null;`);
  }
}
