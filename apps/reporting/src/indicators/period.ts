import { type Period, type Principal, todayInJakarta } from '@sinergi/contracts';
import { assertKnownRegion, assertVisible, Geography, invalid, RegionDirectory, unprocessable } from '@sinergi/runtime';

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
 * A region and period a caller may read figures of: a known region of the edition read (422; the
 * current edition unless one is asked for, ./geography.ts), in the caller's region (404, like a
 * missing one; an older code is judged by the place it is now), a period already started (400 on
 * `periodPath`).
 */
export function assertReadable(
  regions: RegionDirectory,
  principal: Principal,
  regionCode: string,
  period: Period,
  periodPath = 'year',
  edition?: string,
): void {
  const geography = Geography.load();
  if (edition === undefined || edition === geography.current) assertKnownRegion(regions, regionCode);
  else {
    const directory = RegionDirectory.ofEdition(edition);
    if (!directory)
      throw unprocessable(
        'edition',
        `${edition} is not an edition figures can be read in (${geography.readable().join(', ')})`,
      );
    if (!directory.has(regionCode))
      throw unprocessable('regionCode', `${regionCode} is not a region of edition ${edition}`);
  }
  // Every place the figures draw on, as the current edition names it, must be the caller's:
  // Papua Barat read in 2022's codes holds what is now Papua Barat Daya.
  const { same, include } = geography.codesOf(regionCode, edition ?? geography.current);
  for (const code of [regionCode, ...same, ...include])
    assertVisible(principal, geography.translate(code, geography.current) ?? code, 'region', regionCode);
  if (periodRange(period).from > todayInJakarta()) throw invalid(periodPath, 'the period has not started yet');
}
