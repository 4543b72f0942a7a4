import { Migration } from '@mikro-orm/migrations';

export class Migration20261206215956 extends Migration {
  override name = 'Migration20261206215956';

  override up(): void | Promise<void> {
    this.addSql(`alter table "assessment" add "overdue_notified_at" timestamptz null;`);
    this.addSql(`create index "assessment_status_due_on_index" on "assessment" ("status", "due_on");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "assessment_status_due_on_index";`);
    this.addSql(`alter table "assessment" drop column "overdue_notified_at";`);
  }
}
