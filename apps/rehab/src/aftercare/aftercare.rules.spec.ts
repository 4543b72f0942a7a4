import { aftercareStartProblem, followUpProblem } from './aftercare.rules.js';

describe('starting aftercare', () => {
  const completed = {
    admissionStatus: 'discharged' as const,
    outcome: 'completed' as const,
    dischargedOn: '2024-06-30',
    startedOn: '2024-07-01',
    hasAftercare: false,
  };

  it('starts after a completed discharge', () => {
    expect(aftercareStartProblem(completed)).toBeUndefined();
  });

  it('starts on the day of discharge', () => {
    expect(aftercareStartProblem({ ...completed, startedOn: '2024-06-30' })).toBeUndefined();
  });

  it('refuses an open admission', () => {
    expect(
      aftercareStartProblem({ ...completed, admissionStatus: 'open', outcome: null, dischargedOn: null })?.rule,
    ).toBe('aftercare_after_discharge');
  });

  it.each(['dropped_out', 'referred', 'deceased'] as const)('refuses after an outcome of %s', (outcome) => {
    expect(aftercareStartProblem({ ...completed, outcome })?.rule).toBe('aftercare_only_after_completed');
  });

  it('refuses a second aftercare for one admission', () => {
    expect(aftercareStartProblem({ ...completed, hasAftercare: true })?.rule).toBe('one_aftercare_per_admission');
  });

  it('refuses a start before the discharge', () => {
    expect(aftercareStartProblem({ ...completed, startedOn: '2024-06-29' })?.rule).toBe(
      'aftercare_not_before_discharge',
    );
  });
});

describe('recording follow-ups', () => {
  it('accepts a follow-up on or after the start', () => {
    expect(followUpProblem('2024-07-01', '2024-07-01')).toBeUndefined();
    expect(followUpProblem('2024-07-01', '2024-08-01')).toBeUndefined();
  });

  it('refuses a follow-up before the start', () => {
    expect(followUpProblem('2024-07-01', '2024-06-30')?.rule).toBe('follow_up_not_before_aftercare');
  });
});
