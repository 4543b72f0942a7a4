import { assessmentClock, assessmentDueOn, calendarDaysBetween, isAssessmentOverdue } from './assessment-clock.js';

describe('the 6-day clock', () => {
  it.each([
    ['2022-03-01', '2022-03-07'],
    ['2024-02-25', '2024-03-02'], // leap year
    ['2023-02-25', '2023-03-03'],
    ['2024-12-28', '2025-01-03'], // year end
  ])('a request on %s is due on %s', (requestedOn, dueOn) => {
    expect(assessmentDueOn(requestedOn)).toBe(dueOn);
  });

  it('is not overdue on the due date itself', () => {
    expect(isAssessmentOverdue({ dueOn: '2022-03-07', decided: false }, '2022-03-07')).toBe(false);
  });

  it('is overdue the day after the due date without a result', () => {
    expect(isAssessmentOverdue({ dueOn: '2022-03-07', decided: false }, '2022-03-08')).toBe(true);
  });

  it('is never overdue once decided, however late', () => {
    expect(isAssessmentOverdue({ dueOn: '2022-03-07', decided: true }, '2023-01-01')).toBe(false);
  });

  it.each([
    ['2022-03-01', 6, false], // the day of the request
    ['2022-03-06', 1, false],
    ['2022-03-07', 0, false], // the due day: 0 left, still in time
    ['2022-03-08', -1, true],
    ['2022-04-07', -31, true],
  ])('on %s a pending request due 2022-03-07 has %i days left (overdue %s)', (today, daysLeft, overdue) => {
    expect(assessmentClock({ dueOn: '2022-03-07', decided: false }, today)).toEqual({ daysLeft, overdue });
  });

  it('stops once decided: no days left to count, not overdue', () => {
    expect(assessmentClock({ dueOn: '2022-03-07', decided: true }, '2022-03-09')).toEqual({
      daysLeft: null,
      overdue: false,
    });
  });

  it('counts calendar days across months, leap days and years, whatever the host time zone', () => {
    expect(calendarDaysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(calendarDaysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(calendarDaysBetween('2024-12-31', '2025-01-01')).toBe(1);
    expect(calendarDaysBetween('2025-01-01', '2024-12-31')).toBe(-1);
  });
});
