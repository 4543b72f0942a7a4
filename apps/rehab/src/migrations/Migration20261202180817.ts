import { Migration } from '@mikro-orm/migrations';

export class Migration20261202180817 extends Migration {
  override name = 'Migration20261202180817';

  override up(): void | Promise<void> {
    this.addSql(`alter table "client" drop constraint "client_nik_hash_unique";`);
    this.addSql(`create index "client_nik_hash_index" on "client" ("nik_hash");`);
    this.addSql(
      `alter table "client" add constraint "client_nik_hash_region_code_unique" unique ("nik_hash", "region_code");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "client_nik_hash_index";`);
    this.addSql(`alter table "client" drop constraint "client_nik_hash_region_code_unique";`);
    this.addSql(`alter table "client" add constraint "client_nik_hash_unique" unique ("nik_hash");`);
  }
}
