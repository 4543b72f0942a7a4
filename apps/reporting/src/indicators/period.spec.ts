import { rollupColumns } from '../projections/projected.js';
import { regionFilter } from './rollup.js';
import { periodRange } from './period.js';

describe('periods', () => {
  it.each([
    [{ year: 2024 }, '2024-01-01', '2025-01-01'],
    [{ year: 2024, quarter: 1 }, '2024-01-01', '2024-04-01'],
    [{ year: 2024, quarter: 4 }, '2024-10-01', '2025-01-01'],
    [{ year: 2024, month: 2 }, '2024-02-01', '2024-03-01'],
    [{ year: 2024, month: 12 }, '2024-12-01', '2025-01-01'],
  ])('%o covers [%s, %s)', (period, from, to) => {
    expect(periodRange(period)).toEqual({ from, to });
  });
});

describe('roll-up', () => {
  it('stores a village fact under its district, regency and province', () => {
    expect(rollupColumns('31.72.01.1001')).toEqual({
      provinceCode: '31',
      regencyCode: '31.72',
      districtCode: '31.72.01',
    });
    expect(rollupColumns('31.72')).toEqual({ provinceCode: '31', regencyCode: '31.72', districtCode: null });
    expect(rollupColumns('31')).toEqual({ provinceCode: '31', regencyCode: null, districtCode: null });
  });

  it('filters a region through the column of its level', () => {
    expect(regionFilter('ID')).toEqual({ sql: 'true', params: [] });
    expect(regionFilter('31')).toEqual({ sql: 'province_code = ?', params: ['31'] });
    expect(regionFilter('31.72')).toEqual({ sql: 'regency_code = ?', params: ['31.72'] });
    expect(regionFilter('31.72.01.1001')).toEqual({ sql: 'region_code = ?', params: ['31.72.01.1001'] });
  });
});
