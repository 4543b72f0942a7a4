import { Migration } from '@mikro-orm/migrations';

/**
 * Agencies as agencies (docs/domain.md, "Multi-agency coverage"): an intervention records the
 * institution that acted (BNN, POLRI, PEMDA, KEMENKES, from the event's signed principal) in
 * `agency`, and the kind of work (the producing service) in the new `service`. Rows written before
 * events carried their agency keep their service in both until `npm run reporting:rebuild`.
 * And follow-ups keep whether the client works.
 */
export class Migration20261206230000 extends Migration {
  override name = 'Migration20261206230000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "intervention" add column "service" text null;`);
    this.addSql(`update "intervention" set "service" = "agency";`);
    this.addSql(`alter table "intervention" alter column "service" set not null;`);
    // Whether a client works at a follow-up (rehab.employed_at_follow_up); unknown for rows
    // projected before it was kept, until `npm run reporting:rebuild`.
    this.addSql(`alter table "follow_up" add column "employed" boolean null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "follow_up" drop column "employed";`);
    this.addSql(`alter table "intervention" drop column "service";`);
  }
}
