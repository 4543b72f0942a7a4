import type { EntityClass, EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { Principal } from '@sinergi/contracts';
import { type Cursor, decodeCursor } from './pagination.js';
import { scopedRegion } from './scope.js';

/**
 * Rows of a region and everything below it, as MikroORM conditions: `31.72` matches `31.72` and
 * `31.72.01.1001`; `ID` (the nation) matches everything.
 */
export function withinRegion(region: string): Record<string, unknown> {
  return region === 'ID' ? {} : { $or: [{ regionCode: region }, { regionCode: { $like: `${region}.%` } }] };
}

/**
 * The keyset condition for rows after a cursor, in the list's order: by `(by, id)`, where `by` is
 * `createdAt` unless the list orders by another instant, oldest first unless `newestFirst`. Takes
 * the cursor as the caller sent it (decoded and checked here) or already decoded.
 */
export function afterCursor(
  cursor: string | Cursor | undefined,
  order: { by?: string; newestFirst?: boolean } = {},
): Record<string, unknown> {
  const position = typeof cursor === 'string' ? decodeCursor(cursor) : cursor;
  if (!position) return {};
  const at = new Date(position.createdAt);
  const field = order.by ?? 'createdAt';
  const beyond = order.newestFirst ? '$lt' : '$gt';
  return { $and: [{ $or: [{ [field]: { [beyond]: at } }, { [field]: at, id: { [beyond]: position.id } }] }] };
}

/** An inclusive date range on a `date` column; either end may be open. */
export function dateRange(field: string, from: string | undefined, to: string | undefined): Record<string, unknown> {
  if (!from && !to) return {};
  return { [field]: { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) } };
}

/** A condition without its unset fields: `{ stage: undefined }` filters nothing. */
function given(condition: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(condition).filter(([, value]) => value !== undefined));
}

/**
 * One page of a list, as every list reads it: rows of the asked region (the caller's own when none
 * is asked; 404 outside it) and below, matching `conditions` (fields left undefined filter
 * nothing), oldest first after the cursor, `limit + 1` of them so that `toPage` can tell whether
 * another page follows.
 */
export async function findRegionPage<T extends { id: string; regionCode: string; createdAt: Date }>(
  em: EntityManager,
  entity: EntityClass<T>,
  principal: Principal,
  input: { regionCode?: string; cursor?: string; limit: number },
  ...conditions: Record<string, unknown>[]
): Promise<T[]> {
  const region = scopedRegion(principal, input.regionCode);
  return em.find(
    entity,
    { $and: [withinRegion(region), ...conditions.map(given), afterCursor(input.cursor)] } as FilterQuery<T>,
    { orderBy: { createdAt: 'asc', id: 'asc' } as never, limit: input.limit + 1 },
  );
}

/**
 * `?overdue=` on a list of assessments, as MikroORM conditions: `isAssessmentOverdue`
 * (packages/contracts/src/assessment-clock.ts) as a query — still pending and the due date has
 * passed — or its opposite; nothing when the caller did not ask.
 */
export function assessmentOverdueCondition(overdue: boolean | undefined, today: string): Record<string, unknown> {
  const late = { status: 'pending', dueOn: { $lt: today } };
  if (overdue === true) return late;
  if (overdue === false) return { $not: late };
  return {};
}
