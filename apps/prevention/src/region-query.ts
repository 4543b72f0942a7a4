import type { Cursor } from '@sinergi/runtime';

/** Rows in a region and below: `31.72` matches `31.72` and `31.72.01.1001`, `ID` matches all. */
export function withinRegion(region: string) {
  return region === 'ID' ? {} : { $or: [{ regionCode: region }, { regionCode: { $like: `${region}.%` } }] };
}

/** Keyset paging after the cursor's `(createdAt, id)`, as lists are ordered. */
export function afterCursor(cursor: Cursor | undefined) {
  return cursor
    ? {
        $and: [
          {
            $or: [
              { createdAt: { $gt: new Date(cursor.createdAt) } },
              { createdAt: new Date(cursor.createdAt), id: { $gt: cursor.id } },
            ],
          },
        ],
      }
    : {};
}

/** An inclusive date range on a `date` column. */
export function dateRange(field: string, from: string | undefined, to: string | undefined) {
  if (!from && !to) return {};
  return { [field]: { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) } };
}
