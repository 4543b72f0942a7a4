import type { SeizureUnit, Substance } from '@sinergi/contracts';
import { compareDecimal } from './decimal.js';

/**
 * SEMA 4/2010 (Supreme Court circular): evidence of at most one day's use, under which a user
 * may be placed in rehabilitation. Limits are decimal strings, compared exactly. A substance or
 * unit the circular gives no quantity for (cannabis plants, methamphetamine tablets, synthetic
 * cannabinoids) has no limit, so such evidence is never within one day's use.
 */
export const ONE_DAY_USE_LIMITS: Partial<Record<Substance, Partial<Record<SeizureUnit, string>>>> = {
  methamphetamine: { g: '1' },
  mdma: { g: '2.4', tablet: '8' },
  cannabis: { g: '5' },
  heroin: { g: '1.8' },
  cocaine: { g: '1.8' },
};

export interface SeizedQuantity {
  substance: Substance;
  unit: SeizureUnit;
  quantity: string;
}

export function oneDayUseLimit(substance: Substance, unit: SeizureUnit): string | undefined {
  return ONE_DAY_USE_LIMITS[substance]?.[unit];
}

/** True when the quantity is at or below the one-day-use limit for its substance and unit. */
export function withinOneDayUse(seizure: SeizedQuantity): boolean {
  const limit = oneDayUseLimit(seizure.substance, seizure.unit);
  return limit !== undefined && compareDecimal(seizure.quantity, limit) <= 0;
}

/**
 * A suspect may be considered for assessment when every seizure found on them is within the
 * limits. SEMA 4/2010 asks for evidence found at arrest, so a suspect with none is not eligible.
 */
export function assessmentEligible(seizures: readonly SeizedQuantity[]): boolean {
  return seizures.length > 0 && seizures.every(withinOneDayUse);
}
