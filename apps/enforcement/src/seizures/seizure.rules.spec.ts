import type { SeizureUnit, Substance } from '@sinergi/contracts';
import { assessmentEligible, withinOneDayUse } from './seizure.rules.js';

const s = (substance: Substance, quantity: string, unit: SeizureUnit) => ({ substance, quantity, unit });

describe('SEMA 4/2010 one-day-use limits', () => {
  it.each([
    ['methamphetamine', 'g', '1', '1.000001'],
    ['mdma', 'g', '2.4', '2.401'],
    ['mdma', 'tablet', '8', '9'],
    ['cannabis', 'g', '5', '5.0001'],
    ['heroin', 'g', '1.8', '1.81'],
    ['cocaine', 'g', '1.8', '1.800001'],
  ] as const)('%s in %s: %s is within, %s is not', (substance, unit, atLimit, above) => {
    expect(withinOneDayUse(s(substance, atLimit, unit))).toBe(true);
    expect(withinOneDayUse(s(substance, above, unit))).toBe(false);
    expect(withinOneDayUse(s(substance, '0.001', unit))).toBe(true);
  });

  it('keeps the limit exact at the boundary, with trailing zeros', () => {
    expect(withinOneDayUse(s('methamphetamine', '1.000000', 'g'))).toBe(true);
    expect(withinOneDayUse(s('heroin', '1.800', 'g'))).toBe(true);
  });

  it('finds the Lubuklinggau seizure far above the limit', () => {
    expect(withinOneDayUse(s('methamphetamine', '307.527', 'g'))).toBe(false);
    expect(withinOneDayUse(s('mdma', '10', 'tablet'))).toBe(false);
  });

  it.each([
    ['methamphetamine', 'tablet'],
    ['cannabis', 'plant'],
    ['synthetic_cannabinoid', 'g'],
    ['synthetic_cannabinoid', 'ml'],
    ['other', 'g'],
  ] as const)('has no limit for %s in %s, so it is never within', (substance, unit) => {
    expect(withinOneDayUse(s(substance, '0.1', unit))).toBe(false);
  });
});

describe('assessment eligibility', () => {
  it('is eligible when every seizure is within the limits', () => {
    expect(assessmentEligible([s('methamphetamine', '0.5', 'g'), s('cannabis', '4.9', 'g')])).toBe(true);
  });

  it('is not eligible when one seizure is above', () => {
    expect(assessmentEligible([s('methamphetamine', '0.5', 'g'), s('cannabis', '5.1', 'g')])).toBe(false);
  });

  it('judges each seizure on its own: two within-limit seizures are not added up', () => {
    expect(assessmentEligible([s('methamphetamine', '0.8', 'g'), s('methamphetamine', '0.8', 'g')])).toBe(true);
  });

  it('is not eligible with no evidence at all', () => {
    expect(assessmentEligible([])).toBe(false);
  });
});
