import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { Principal } from '@sinergi/contracts';
import { assertVisible, notFound, ruleViolated } from '@sinergi/runtime';
import { CaseRecord } from './case.entity.js';
import { closedCaseProblem } from './case.rules.js';

/**
 * The case a new record hangs on: it must exist, be in the caller's region (404 otherwise, like a
 * missing one) and still be open. Shared-locked so the case cannot close while the record is written.
 */
export async function findOpenCase(tx: EntityManager, caseId: string, principal: Principal): Promise<CaseRecord> {
  const record = await tx.findOne(CaseRecord, { id: caseId }, { lockMode: LockMode.PESSIMISTIC_READ });
  if (!record) throw notFound('case', caseId);
  assertVisible(principal, record.regionCode, 'case', caseId);
  const problem = closedCaseProblem(record.stage);
  if (problem) throw ruleViolated(problem.rule, problem.message);
  return record;
}
