import { admissionProblem, dischargeProblem, tatReferralProblem } from './admission.rules.js';

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

describe('discharge rules', () => {
  const open = { status: 'open' as const, admittedOn: '2024-05-02' };

  it('discharges an open admission on a later day', () => {
    expect(dischargeProblem({ ...open, dischargedOn: '2024-08-01' })).toBeUndefined();
  });

  it('discharges on the day of admission', () => {
    expect(dischargeProblem({ ...open, dischargedOn: '2024-05-02' })).toBeUndefined();
  });

  it('refuses a discharge dated before the admission', () => {
    expect(dischargeProblem({ ...open, dischargedOn: '2024-05-01' })?.rule).toBe('discharge_not_before_admission');
  });

  it('refuses to discharge twice', () => {
    expect(dischargeProblem({ ...open, status: 'discharged', dischargedOn: '2024-08-01' })?.rule).toBe(
      'discharge_only_open',
    );
  });

  it('names the dates when refusing', () => {
    expect(dischargeProblem({ ...open, dischargedOn: '2024-04-30' })?.message).toMatch(/2024-04-30.*2024-05-02/);
  });
});

describe('TAT referral rules', () => {
  const completed = {
    status: 'completed' as const,
    recommendation: 'outpatient' as const,
    requestedOn: '2024-05-01',
    usedByAdmissionId: null,
  };

  it.each(['outpatient', 'inpatient'] as const)('admits on a completed %s recommendation', (recommendation) => {
    expect(tatReferralProblem({ ...completed, recommendation }, '2024-05-03')).toBeUndefined();
  });

  it('refuses an assessment rehab never received', () => {
    expect(tatReferralProblem(undefined, '2024-05-03')?.rule).toBe('tat_assessment_unknown');
  });

  it('refuses a pending assessment', () => {
    expect(tatReferralProblem({ ...completed, status: 'pending', recommendation: null }, '2024-05-03')?.rule).toBe(
      'tat_assessment_not_completed',
    );
  });

  it('refuses a legal-process recommendation', () => {
    expect(tatReferralProblem({ ...completed, recommendation: 'legal_process' }, '2024-05-03')?.rule).toBe(
      'tat_assessment_recommends_legal_process',
    );
  });

  it('refuses an assessment that already admitted someone', () => {
    expect(tatReferralProblem({ ...completed, usedByAdmissionId: 'a1' }, '2024-05-03')?.rule).toBe(
      'tat_assessment_already_used',
    );
  });

  it('refuses an admission dated before the request', () => {
    expect(tatReferralProblem(completed, '2024-04-30')?.rule).toBe('tat_admission_before_request');
  });

  it('admits on the day of the request', () => {
    expect(tatReferralProblem(completed, '2024-05-01')).toBeUndefined();
  });
});
