import { type Period, type Principal, todayInJakarta } from '@sinergi/contracts';
import { assertKnownRegion, assertVisible, invalid, type RegionDirectory } from '@sinergi/runtime';

/** The half-open date range `[from, to)` a period covers, as `YYYY-MM-DD`. */
export function periodRange(period: Period): { from: string; to: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const { year } = period;
  if (period.month) {
    const next = period.month === 12 ? `${year + 1}-01-01` : `${year}-${pad(period.month + 1)}-01`;
    return { from: `${year}-${pad(period.month)}-01`, to: next };
  }
  if (period.quarter) {
    const startMonth = (period.quarter - 1) * 3 + 1;
    const next = period.quarter === 4 ? `${year + 1}-01-01` : `${year}-${pad(startMonth + 3)}-01`;
    return { from: `${year}-${pad(startMonth)}-01`, to: next };
  }
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

/**
 * A region and period a caller may read figures of: a known region (422), in the caller's region
 * (404, like a missing one), a period already started (400 on `periodPath`).
 */
export function assertReadable(
  regions: RegionDirectory,
  principal: Principal,
  regionCode: string,
  period: Period,
  periodPath = 'year',
): void {
  assertKnownRegion(regions, regionCode);
  assertVisible(principal, regionCode, 'region', regionCode);
  if (periodRange(period).from > todayInJakarta()) throw invalid(periodPath, 'the period has not started yet');
}
