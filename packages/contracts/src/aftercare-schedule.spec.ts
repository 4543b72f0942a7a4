import { followUpSchedule, missedFollowUp } from './aftercare-schedule.js';
import { addMonths } from './calendar.js';

describe('addMonths', () => {
  it.each([
    ['2024-01-15', 1, '2024-02-15'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 3, '2024-06-30'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2024-11-10', 3, '2025-02-10'],
    ['2024-12-31', 1, '2025-01-31'],
    ['2024-07-01', 6, '2025-01-01'],
  ])('%s + %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('follow-up schedule', () => {
  it('is due at 1, 3 and 6 months', () => {
    expect(followUpSchedule('2024-01-10')).toEqual([
      { months: 1, dueOn: '2024-02-10' },
      { months: 3, dueOn: '2024-04-10' },
      { months: 6, dueOn: '2024-07-10' },
    ]);
  });
});

describe('overdue follow-ups', () => {
  const start = '2024-01-10'; // due 2024-02-10, 2024-04-10, 2024-07-10

  it('is not overdue before the first due date', () => {
    expect(missedFollowUp(start, [], '2024-02-01')).toBeUndefined();
  });

  it('is not overdue on the due date itself', () => {
    expect(missedFollowUp(start, [], '2024-02-10')).toBeUndefined();
  });

  it('is overdue the day after a due date with no follow-up', () => {
    expect(missedFollowUp(start, [], '2024-02-11')).toEqual({ months: 1, dueOn: '2024-02-10' });
  });

  it('is met at 1 month by a follow-up on the start day', () => {
    expect(missedFollowUp(start, ['2024-01-10'], '2024-03-01')).toBeUndefined();
  });

  it('counts nothing dated before aftercare started', () => {
    expect(missedFollowUp(start, ['2024-01-09'], '2024-03-01')).toEqual({ months: 1, dueOn: '2024-02-10' });
  });

  it('lets a late follow-up make good the missed point', () => {
    expect(missedFollowUp(start, ['2024-03-01'], '2024-03-05')).toBeUndefined();
  });

  it('needs a follow-up on or after the 1-month point once the 3-month point passes', () => {
    expect(missedFollowUp(start, ['2024-02-05'], '2024-04-11')).toEqual({ months: 3, dueOn: '2024-04-10' });
  });

  it('takes a follow-up on the 1-month point as on or after it', () => {
    expect(missedFollowUp(start, ['2024-02-10'], '2024-04-11')).toBeUndefined();
  });

  it('needs a follow-up on or after the 3-month point once the 6-month point passes', () => {
    expect(missedFollowUp(start, ['2024-02-01', '2024-04-01'], '2024-07-11')).toEqual({
      months: 6,
      dueOn: '2024-07-10',
    });
  });

  it('is met through 6 months by follow-ups at each window', () => {
    expect(missedFollowUp(start, ['2024-02-01', '2024-03-20', '2024-06-01'], '2025-01-01')).toBeUndefined();
  });

  it('reports the first missed point when several have passed', () => {
    expect(missedFollowUp(start, [], '2024-12-31')).toEqual({ months: 1, dueOn: '2024-02-10' });
    expect(missedFollowUp(start, ['2024-01-20'], '2024-12-31')).toEqual({ months: 3, dueOn: '2024-04-10' });
  });

  it('does not let three follow-ups in month 1 stand for the 3-month point', () => {
    expect(missedFollowUp(start, ['2024-01-15', '2024-01-20', '2024-01-25'], '2024-04-11')).toEqual({
      months: 3,
      dueOn: '2024-04-10',
    });
  });

  it('reads follow-ups in any order', () => {
    expect(missedFollowUp(start, ['2024-06-01', '2024-01-20'], '2024-12-31')).toBeUndefined();
  });

  it('ends: after the 6-month point is met nothing is due', () => {
    expect(missedFollowUp(start, ['2024-04-10'], '2030-01-01')).toBeUndefined();
  });
});
