import { regionLevel } from '@sinergi/contracts';

/** A training is held somewhere: a province or below. */
export function trainingRegionProblem(regionCode: string): string | undefined {
  return regionLevel(regionCode) === 'national' ? 'a training is recorded in a province or below' : undefined;
}
