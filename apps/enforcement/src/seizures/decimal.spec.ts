import { compareDecimal, normalizeDecimal } from './decimal.js';

describe('exact decimals', () => {
  it.each([
    ['307.527', '307.527'],
    ['307.527000', '307.527'],
    ['0010', '10'],
    ['5.000', '5'],
    ['0.100', '0.1'],
    ['0', '0'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeDecimal(input)).toBe(expected);
  });

  it.each([
    ['1', '1', 0],
    ['1.000000', '1', 0],
    ['0.999999', '1', -1],
    ['1.000001', '1', 1],
    ['2.4', '2.40', 0],
    ['2.41', '2.4', 1],
    ['307.527', '1', 1],
    ['0.1', '0.2', -1],
  ] as const)('compares %s with %s as %i', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });

  it('is exact where floats are not: 0.1 + 0.2 style digits compare as written', () => {
    expect(compareDecimal('0.3', '0.30000000000000004')).toBe(-1);
    expect(compareDecimal('123456789012345678.123456', '123456789012345678.123455')).toBe(1);
  });

  it('refuses what is not a non-negative decimal', () => {
    expect(() => compareDecimal('-1', '1')).toThrow();
    expect(() => normalizeDecimal('1e3')).toThrow();
  });
});
