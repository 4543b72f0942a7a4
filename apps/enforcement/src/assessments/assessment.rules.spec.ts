import { assessmentRequestProblem, decidedInTime } from './assessment.rules.js';

// The due date and the overdue rule themselves: packages/contracts/src/assessment-clock.spec.ts.
describe('the 6-day clock', () => {
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
