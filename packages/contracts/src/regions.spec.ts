import { isRegionCode, isWithinRegion, parentRegion, regionLevel, regionLineage } from './regions.js';

describe('region codes', () => {
  it.each([
    ['ID', 'national'],
    ['31', 'province'],
    ['31.72', 'regency'],
    ['31.72.01', 'district'],
    ['31.72.01.1001', 'village'],
  ])('%s is a %s', (code, level) => {
    expect(isRegionCode(code)).toBe(true);
    expect(regionLevel(code)).toBe(level);
  });

  it.each(['', '3', '31.7', '31.72.1', '31.72.01.101', 'id', '31.72.01.1001.1', '31-72'])(
    '%p is not a code',
    (code) => {
      expect(isRegionCode(code)).toBe(false);
    },
  );

  it('walks up to the nation', () => {
    expect(parentRegion('31.72.01.1001')).toBe('31.72.01');
    expect(parentRegion('31')).toBe('ID');
    expect(parentRegion('ID')).toBeUndefined();
    expect(regionLineage('31.72.01.1001')).toEqual(['31.72.01.1001', '31.72.01', '31.72', '31', 'ID']);
  });

  it('scopes a region to itself and below, never to siblings or a prefix look-alike', () => {
    expect(isWithinRegion('31.72.01.1001', '31.72')).toBe(true);
    expect(isWithinRegion('31.72', '31.72')).toBe(true);
    expect(isWithinRegion('31.73', '31.72')).toBe(false);
    expect(isWithinRegion('31', '31.72')).toBe(false);
    expect(isWithinRegion('31.72', 'ID')).toBe(true);
    expect(isWithinRegion('13.72', '1')).toBe(false);
  });
});
