import { type Cursor, decodeCursor } from './pagination.js';

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
