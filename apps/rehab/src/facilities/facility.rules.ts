import { regionLevel } from '@sinergi/contracts';
import type { FacilityKind } from './facility.entity.js';

/**
 * An IBM unit (Intervensi Berbasis Masyarakat, community-based intervention) is formed in a
 * village; other facilities may sit at any level. Returns the broken rule, or undefined.
 */
export function facilityRegionProblem(kind: FacilityKind, regionCode: string): string | undefined {
  if (kind === 'ibm_unit' && regionLevel(regionCode) !== 'village') {
    return 'an IBM unit must be registered in a village (a code such as 31.72.01.1001)';
  }
  if (regionLevel(regionCode) === 'national') return 'a facility must be in a province or below';
  return undefined;
}
