import { admissionProblem } from './admission.rules.js';

describe('admission rules', () => {
  it('admits a client with no open admission', () => {
    expect(admissionProblem({ source: 'voluntary', hasOpenAdmission: false })).toBeUndefined();
  });

  it('refuses a second open admission', () => {
    expect(admissionProblem({ source: 'family', hasOpenAdmission: true })?.rule).toBe('one_open_admission');
  });

  it('needs the assessment id for a TAT referral', () => {
    expect(admissionProblem({ source: 'tat', hasOpenAdmission: false })?.rule).toBe('tat_needs_assessment');
    expect(admissionProblem({ source: 'tat', assessmentId: 'a', hasOpenAdmission: false })).toBeUndefined();
  });

  it.each(['voluntary', 'family', 'ipwl', 'court'] as const)('refuses an assessment id with source %s', (source) => {
    expect(admissionProblem({ source, assessmentId: 'a', hasOpenAdmission: false })?.rule).toBe(
      'assessment_only_for_tat',
    );
  });
});
