import { type Principal, regionLevel } from '@sinergi/contracts';
import { assertWritableRegion, type RegionDirectory, unprocessable } from '@sinergi/runtime';

/** Where a case, operation or prison is recorded: a known region below the nation, within the caller's own. */
export function assertRecordRegion(regions: RegionDirectory, principal: Principal, regionCode: string): void {
  if (!regions.has(regionCode)) throw unprocessable('regionCode', `${regionCode} is not a known region`);
  if (regionLevel(regionCode) === 'national') throw unprocessable('regionCode', 'must be a province or below');
  assertWritableRegion(principal, regionCode);
}

/** The region filter of a list as MikroORM conditions: the region and everything below it. */
export function withinRegionFilter(region: string) {
  return region === 'ID' ? {} : { $or: [{ regionCode: region }, { regionCode: { $like: `${region}.%` } }] };
}

/** Keyset condition after a cursor on (createdAt, id). */
export function afterCursor(cursor: { createdAt: string; id: string } | undefined) {
  if (!cursor) return {};
  const at = new Date(cursor.createdAt);
  return { $and: [{ $or: [{ createdAt: { $gt: at } }, { createdAt: at, id: { $gt: cursor.id } }] }] };
}
