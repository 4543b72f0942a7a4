import { parsePeriodKey, periodKey, reportId } from './report-key.js';

describe('report keys', () => {
  it('names periods stably and reads them back', () => {
    for (const period of [{ year: 2024 }, { year: 2024, quarter: 3 }, { year: 2024, month: 2 }]) {
      expect(parsePeriodKey(periodKey(period))).toEqual(period);
    }
    expect(periodKey({ year: 2024, month: 2 })).toBe('2024-M02');
  });

  it('gives the same report the same UUID, and different ones different UUIDs, with no colon', () => {
    const a = reportId('coordination', '31.72', { year: 2024 });
    expect(a).toBe(reportId('coordination', '31.72', { year: 2024 }));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(reportId('coordination', '31.72', { year: 2024, quarter: 1 }));
    expect(a).not.toBe(reportId('coordination', '31.73', { year: 2024 }));
    expect(a).not.toBe(reportId('coordination', '31.72', { year: 2024 }, 2));
  });
});
