import { duePeriods } from './schedule.rules.js';

const at = (iso: string) => new Date(iso);

describe('periods a schedule owes', () => {
  it('owes nothing before the first period closes', () => {
    expect(duePeriods('monthly', at('2026-11-10T00:00:00Z'), at('2026-11-20T00:00:00Z'), 'Asia/Jakarta')).toEqual([]);
  });

  it('owes each month that ended since it was set up', () => {
    expect(duePeriods('monthly', at('2026-08-15T00:00:00Z'), at('2026-11-23T00:00:00Z'), 'Asia/Jakarta')).toEqual([
      { year: 2026, month: 8 },
      { year: 2026, month: 9 },
      { year: 2026, month: 10 },
    ]);
  });

  it('reads the dates in Jakarta: 1 December 00:30 WIB is still 30 November in UTC, and November is due', () => {
    const now = at('2026-11-30T17:30:00Z'); // 2026-12-01 00:30 in Asia/Jakarta (UTC+7)
    expect(duePeriods('monthly', at('2026-11-01T00:00:00Z'), now, 'Asia/Jakarta')).toEqual([{ year: 2026, month: 11 }]);
    expect(duePeriods('monthly', at('2026-11-01T00:00:00Z'), now, 'UTC')).toEqual([]);
  });

  it('owes quarters and years across a year boundary', () => {
    expect(duePeriods('quarterly', at('2025-09-01T00:00:00Z'), at('2026-04-02T00:00:00Z'), 'Asia/Jakarta')).toEqual([
      { year: 2025, quarter: 3 },
      { year: 2025, quarter: 4 },
      { year: 2026, quarter: 1 },
    ]);
    expect(duePeriods('annual', at('2024-06-01T00:00:00Z'), at('2026-01-01T12:00:00Z'), 'Asia/Jakarta')).toEqual([
      { year: 2024 },
      { year: 2025 },
    ]);
  });
});
