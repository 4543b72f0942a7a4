import { ageBand, statusAfterRecommendation } from './suspect.rules.js';

describe('suspect', () => {
  it.each([
    [0, '0-14'],
    [14, '0-14'],
    [15, '15-19'],
    [24, '20-24'],
    [25, '25-29'],
    [59, '55-59'],
    [60, '60+'],
  ] as const)('age %i falls in band %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });

  it.each([
    ['outpatient', 'referred_to_rehab'],
    ['inpatient', 'referred_to_rehab'],
    ['legal_process', 'legal_process'],
  ] as const)('a %s recommendation makes the suspect %s', (recommendation, status) => {
    expect(statusAfterRecommendation(recommendation)).toBe(status);
  });
});
