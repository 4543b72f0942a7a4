import { ageBand, ageOn } from './client.rules.js';

describe('age', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageOn('1990-06-15', '2024-06-14')).toBe(33);
    expect(ageOn('1990-06-15', '2024-06-15')).toBe(34);
    expect(ageOn('2000-02-29', '2024-02-28')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it.each([
    [0, '0-14'],
    [14, '0-14'],
    [15, '15-19'],
    [19, '15-19'],
    [20, '20-24'],
    [34, '30-34'],
    [59, '55-59'],
    [60, '60+'],
    [91, '60+'],
  ])('age %i is in band %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });
});
