import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  MAX_LISTED_IMPORT_PROBLEMS,
  type PreventionRpc,
  type Principal,
  type RpcInput,
  type RpcOutput,
} from '@sinergi/contracts';
import { RegionDirectory } from '@sinergi/runtime';
import { ActivityImportRow } from './activity.entity.js';
import { importRegionProblems } from './activity.rules.js';

/** A session not committed within this time was abandoned; its staged rows are dropped. */
export const STAGED_ROWS_TTL_MS = 60 * 60 * 1000;

/**
 * Stages one chunk of an import session. Rows wait in `activity_import_row`, not in `activity`,
 * so a session that never commits counts nowhere, and any stage call drops sessions older than
 * STAGED_ROWS_TTL_MS. A chunk sent twice stages once.
 *
 * Each row's region is checked here (known, below the nation, within the caller's region): the
 * gateway reads the file's format but holds no domain rule. A chunk with a bad row stages
 * nothing and drops what the session staged before, so a bad file leaves no staged rows; so
 * does `checkOnly`, which the gateway sends once it knows the file is bad, to learn the rest of
 * its bad lines.
 */
@Injectable()
export class StageActivityImportUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(
    input: RpcInput<typeof PreventionRpc.stageActivityImport>,
    principal: Principal,
  ): Promise<RpcOutput<typeof PreventionRpc.stageActivityImport>> {
    const problems = importRegionProblems(this.regions, input.rows, principal.region);
    if (problems.length > 0 || input.checkOnly) {
      await this.em.nativeDelete(ActivityImportRow, { importId: input.importId, stagedBy: principal.sub });
      return {
        importId: input.importId,
        staged: 0,
        problems: problems.slice(0, MAX_LISTED_IMPORT_PROBLEMS),
        badLines: problems.length,
      };
    }
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
    return { importId: input.importId, staged: input.rows.length, problems: [], badLines: 0 };
  }
}
