import { assessmentResultProblem } from './assessment.rules.js';

describe('assessment results', () => {
  it('records a result for a pending assessment', () => {
    expect(
      assessmentResultProblem({ status: 'pending', requestedOn: '2024-05-01', decidedOn: '2024-05-04' }),
    ).toBeUndefined();
  });

  it('records a result decided on the day of the request', () => {
    expect(
      assessmentResultProblem({ status: 'pending', requestedOn: '2024-05-01', decidedOn: '2024-05-01' }),
    ).toBeUndefined();
  });

  it('refuses a second result', () => {
    expect(
      assessmentResultProblem({ status: 'completed', requestedOn: '2024-05-01', decidedOn: '2024-05-04' })?.rule,
    ).toBe('assessment_result_once');
  });

  it('refuses a decision before the request', () => {
    expect(
      assessmentResultProblem({ status: 'pending', requestedOn: '2024-05-01', decidedOn: '2024-04-30' })?.rule,
    ).toBe('decision_not_before_request');
  });
});
