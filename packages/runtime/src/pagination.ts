import { invalid } from './errors.js';

/** Keyset cursors: the last item's `(createdAt, id)`, opaque to callers. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(item: { createdAt: Date | string; id: string }): string {
  const createdAt = item.createdAt instanceof Date ? item.createdAt.toISOString() : item.createdAt;
  return Buffer.from(JSON.stringify([createdAt, item.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt)))
      throw new Error();
    return { createdAt, id };
  } catch {
    throw invalid('cursor', 'is not a cursor this API gave out');
  }
}

/** Cuts one extra row off a `limit + 1` query and turns it into the next cursor. */
export function toPage<T extends { createdAt: Date | string; id: string }, O>(
  rows: T[],
  limit: number,
  map: (row: T) => O,
): { items: O[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
