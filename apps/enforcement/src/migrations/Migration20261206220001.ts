import { Migration } from '@mikro-orm/migrations';

export class Migration20261206220001 extends Migration {
  override name = 'Migration20261206220001';

  override up(): void | Promise<void> {
    this.addSql(`alter table "assessment_request" add "overdue_notified_on" date null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "assessment_request" drop column "overdue_notified_on";`);
  }
}
