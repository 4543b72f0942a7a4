import { isWithinRegion } from '@sinergi/contracts';

/**
 * A certificate is recorded where its facility works: the facility's region or a place below it
 * (a district clinic may issue for one of its villages), never in a neighbouring region.
 * Returns the broken rule, or undefined.
 */
export function certificateRegionProblem(facilityRegion: string, regionCode: string): string | undefined {
  if (!isWithinRegion(regionCode, facilityRegion)) {
    return `must be the facility's region ${facilityRegion} or below it`;
  }
  return undefined;
}
