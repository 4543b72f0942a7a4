import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PreventionRpc, Principal, RpcInput } from '@sinergi/contracts';
import { ActivityImportRow } from './activity.entity.js';

/** A session not committed within this time was abandoned; its staged rows are dropped. */
export const STAGED_ROWS_TTL_MS = 60 * 60 * 1000;

/**
 * Stages one chunk of an import session. Rows wait in `activity_import_row`, not in `activity`,
 * so a session that never commits counts nowhere. A chunk sent twice stages once.
 */
@Injectable()
export class StageActivityImportUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof PreventionRpc.stageActivityImport>, principal: Principal) {
    const now = new Date();
    await this.em.transactional(async (tx) => {
      await tx.nativeDelete(ActivityImportRow, { stagedAt: { $lt: new Date(now.getTime() - STAGED_ROWS_TTL_MS) } });
      await tx.execute(
        `insert into activity_import_row (import_id, line, staged_by, activity, staged_at)
         select ?, r.line, ?, r.activity, ? from jsonb_to_recordset(?::jsonb) as r(line int, activity jsonb)
         on conflict (import_id, line) do nothing`,
        [input.importId, principal.sub, now, JSON.stringify(input.rows)],
      );
    });
    return { importId: input.importId, staged: input.rows.length };
  }
}
