// Referral references replace the assessment id on episodes; existing rows get theirs from `npm run reporting:rebuild`.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261202181159 extends Migration {
  override name = 'Migration20261202181159';

  override up(): void | Promise<void> {
    this.addSql(`alter table "assessment" add "referral_ref" text null;`);
    this.addSql(`create index "assessment_referral_ref_index" on "assessment" ("referral_ref");`);

    this.addSql(`drop index "rehab_episode_assessment_id_index";`);
    this.addSql(`alter table "rehab_episode" drop column "assessment_id";`);
    this.addSql(`alter table "rehab_episode" add "referral_ref" text null;`);
    this.addSql(`create index "rehab_episode_referral_ref_index" on "rehab_episode" ("referral_ref");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "assessment_referral_ref_index";`);
    this.addSql(`alter table "assessment" drop column "referral_ref";`);

    this.addSql(`drop index "rehab_episode_referral_ref_index";`);
    this.addSql(`alter table "rehab_episode" drop column "referral_ref";`);
    this.addSql(`alter table "rehab_episode" add "assessment_id" uuid null;`);
    this.addSql(`create index "rehab_episode_assessment_id_index" on "rehab_episode" ("assessment_id");`);
  }
}
