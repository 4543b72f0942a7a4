import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@sinergi/contracts';
import { assertNoRuleBreak, loadVisible } from '@sinergi/runtime';
import { CaseRecord } from './case.entity.js';
import { closedCaseProblem } from './case.rules.js';

/**
 * The case a new record hangs on: it must exist, be in the caller's region (404 otherwise, like a
 * missing one) and still be open. Shared-locked so the case cannot close while the record is written.
 */
export async function findOpenCase(tx: EntityManager, caseId: string, principal: Principal): Promise<CaseRecord> {
  const record = await loadVisible(tx, CaseRecord, caseId, 'case', principal, { lock: 'share' });
  const problem = closedCaseProblem(record.stage);
  assertNoRuleBreak(problem);
  return record;
}
