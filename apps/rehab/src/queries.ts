import { decodeCursor } from '@sinergi/runtime';

/** Rows of a region and everything below it (`ID` is everything). */
export function inRegion(region: string): Record<string, unknown> {
  return region === 'ID' ? {} : { $or: [{ regionCode: region }, { regionCode: { $like: `${region}.%` } }] };
}

/** The keyset condition for rows after a cursor, ordered by `(field, id)`. */
export function afterCursor(cursor: string | undefined, field = 'createdAt'): Record<string, unknown> {
  const decoded = decodeCursor(cursor);
  if (!decoded) return {};
  const at = new Date(decoded.createdAt);
  return { $or: [{ [field]: { $gt: at } }, { [field]: at, id: { $gt: decoded.id } }] };
}

/** Jakarta's midnight at the start of a date: the agencies' day boundaries. */
export function startOfDayInJakarta(date: string): Date {
  return new Date(`${date}T00:00:00+07:00`);
}

/** `date` plus whole days. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
