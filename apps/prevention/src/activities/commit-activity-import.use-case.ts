import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  MAX_LISTED_IMPORT_PROBLEMS,
  type PreventionRpc,
  type Principal,
  type RecordActivityInput,
  type RpcInput,
} from '@sinergi/contracts';
import { assertNoRuleBreak, DomainError, RegionDirectory } from '@sinergi/runtime';
import { ActivityImportRow } from './activity.entity.js';
import { importRegionProblems, importSessionProblem, lineErrors } from './activity.rules.js';
import { moveStagedActivities } from './activity-events.js';

/**
 * Commits an import session. Why this is all-or-nothing: staged rows are not activities; one
 * transaction moves every staged row into `activity`, writes one
 * `prevention.activity.recorded.v1` per row to the outbox and deletes the session. Before it
 * opens, every row is checked again against what only the service knows (the region exists and
 * is within the caller's scope), as it was when staged: the caller's token may have changed in
 * between. One bad row fails the whole session and writes nothing.
 */
@Injectable()
export class CommitActivityImportUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly regions: RegionDirectory,
  ) {}

  async execute(input: RpcInput<typeof PreventionRpc.commitActivityImport>, principal: Principal) {
    const staged = await this.em.execute<Array<{ line: number; activity: RecordActivityInput | string }>>(
      'select line, activity from activity_import_row where import_id = ? and staged_by = ? order by line',
      [input.importId, principal.sub],
    );
    const session = importSessionProblem({ staged: staged.length, expected: input.rowCount });
    assertNoRuleBreak(session);

    const rows = staged.map((row) => ({
      line: row.line,
      activity: typeof row.activity === 'string' ? (JSON.parse(row.activity) as RecordActivityInput) : row.activity,
    }));
    const problems = importRegionProblems(this.regions, rows, principal.region);
    if (problems.length > 0) {
      await this.em.nativeDelete(ActivityImportRow, { importId: input.importId });
      throw new DomainError(
        ErrorCode.Unprocessable,
        `${problems.length} row(s) of the file are invalid; nothing was imported`,
        lineErrors(problems.slice(0, MAX_LISTED_IMPORT_PROBLEMS)),
        { badRows: problems.length },
      );
    }

    const imported = await this.em.transactional(async (tx) => {
      // Lock the session: a second commit of the same importId waits, then finds nothing to move.
      await tx.execute('select 1 from activity_import_row where import_id = ? for update', [input.importId]);
      const moved = await moveStagedActivities(tx, {
        importId: input.importId,
        stagedBy: principal.sub,
        createdAt: new Date(),
      });
      const again = importSessionProblem({ staged: moved, expected: input.rowCount });
      assertNoRuleBreak(again);
      await tx.nativeDelete(ActivityImportRow, { importId: input.importId });
      return moved;
    });
    return { importId: input.importId, imported };
  }
}
