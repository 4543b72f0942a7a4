import { type EntityClass, type EntityManager, type FilterQuery, LockMode } from '@mikro-orm/postgresql';
import type { Principal } from '@sinergi/contracts';
import { notFound } from './errors.js';
import { assertVisible } from './scope.js';

/**
 * The row a request starts from: found by id and 404 when it is missing or outside the caller's
 * region, which answer alike (docs/security.md); `what` names the object in the 404. A change locks
 * it for update (the default), so two changes of one row cannot both pass its rules; a record that
 * only hangs on the row shares the lock ('share'), so the row cannot change meanwhile; a read takes
 * none.
 */
export async function loadVisible<T extends { id: string; regionCode: string }>(
  tx: EntityManager,
  entity: EntityClass<T>,
  id: string,
  what: string,
  principal: Principal,
  options: { lock?: 'update' | 'share' | 'none' } = {},
): Promise<T> {
  const lock = options.lock ?? 'update';
  const row = await tx.findOne(
    entity,
    { id } as FilterQuery<T>,
    lock === 'none' ? {} : { lockMode: lock === 'share' ? LockMode.PESSIMISTIC_READ : LockMode.PESSIMISTIC_WRITE },
  );
  if (!row) throw notFound(what, id);
  assertVisible(principal, row.regionCode, what, id);
  return row;
}
