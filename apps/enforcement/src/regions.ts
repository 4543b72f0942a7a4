import { type Principal, regionLevel } from '@sinergi/contracts';
import { assertKnownRegion, assertWritableRegion, type RegionDirectory, unprocessable } from '@sinergi/runtime';

/** Where a case, operation or prison is recorded: a known region below the nation, within the caller's own. */
export function assertRecordRegion(regions: RegionDirectory, principal: Principal, regionCode: string): void {
  assertKnownRegion(regions, regionCode);
  if (regionLevel(regionCode) === 'national') throw unprocessable('regionCode', 'must be a province or below');
  assertWritableRegion(principal, regionCode);
}
