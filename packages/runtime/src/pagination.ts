import { readCursor } from '@sinergi/contracts';
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

/**
 * The position a cursor names. The contract's `cursorSchema` already refused any other at the
 * gateway; this checks again with the same reader because both halves go into SQL casts
 * (timestamptz, uuid), where a foreign value would fail as a 500 instead of a 400.
 */
export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  const position = readCursor(cursor);
  if (!position) throw invalid('cursor', 'is not a cursor this API gave out');
  return position;
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
