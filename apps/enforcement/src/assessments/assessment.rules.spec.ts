import { addDays } from '@sinergi/runtime';
import { assessmentDueOn, assessmentRequestProblem, decidedInTime, isOverdue } from './assessment.rules.js';

describe('the 6-day clock', () => {
  it.each([
    ['2022-03-01', '2022-03-07'],
    ['2024-02-25', '2024-03-02'], // leap year
    ['2023-02-25', '2023-03-03'],
    ['2024-12-28', '2025-01-03'], // year end
  ])('a request on %s is due on %s', (requestedOn, dueOn) => {
    expect(assessmentDueOn(requestedOn)).toBe(dueOn);
  });

  it('adds calendar days whatever the host time zone', () => {
    expect(addDays('2024-03-31', 1)).toBe('2024-04-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
  });

  it('is not overdue on the due date itself', () => {
    expect(isOverdue({ dueOn: '2022-03-07', decided: false }, '2022-03-07')).toBe(false);
  });

  it('is overdue the day after the due date without a result', () => {
    expect(isOverdue({ dueOn: '2022-03-07', decided: false }, '2022-03-08')).toBe(true);
  });

  it('is never overdue once decided, however late', () => {
    expect(isOverdue({ dueOn: '2022-03-07', decided: true }, '2023-01-01')).toBe(false);
  });

  it('counts a decision on the due date as in time, the day after as late', () => {
    expect(decidedInTime('2022-03-07', '2022-03-07')).toBe(true);
    expect(decidedInTime('2022-03-07', '2022-03-08')).toBe(false);
  });
});

describe('who may be assessed', () => {
  it('assesses a recorded user', () => {
    expect(assessmentRequestProblem({ role: 'user', status: 'recorded' })).toBeUndefined();
  });

  it.each(['courier', 'dealer', 'trafficker'] as const)('refuses a %s', (role) => {
    expect(assessmentRequestProblem({ role, status: 'recorded' })?.rule).toBe('assessment_only_for_users');
  });

  it.each(['assessment_requested', 'referred_to_rehab', 'legal_process'] as const)(
    'assesses a user once (status %s)',
    (status) => {
      expect(assessmentRequestProblem({ role: 'user', status })?.rule).toBe('assessment_already_requested');
    },
  );
});
