import { areaNameKey, assessmentProblem, chronological, currentAssessment } from './vulnerable-area.rules.js';

const at = (iso: string) => new Date(iso);

describe('current risk of a vulnerable area', () => {
  it('is the latest assessment by date', () => {
    const history = [
      { riskLevel: 'bahaya' as const, assessedOn: '2023-01-10', recordedAt: at('2023-01-10T00:00:00Z') },
      { riskLevel: 'siaga' as const, assessedOn: '2024-06-01', recordedAt: at('2024-06-01T00:00:00Z') },
    ];
    expect(currentAssessment(history)?.riskLevel).toBe('siaga');
  });

  it('keeps the current level when a back-dated assessment arrives later', () => {
    const history = [
      { riskLevel: 'waspada' as const, assessedOn: '2024-06-01', recordedAt: at('2024-06-01T00:00:00Z') },
      { riskLevel: 'bahaya' as const, assessedOn: '2024-02-01', recordedAt: at('2024-07-01T00:00:00Z') },
    ];
    expect(currentAssessment(history)?.riskLevel).toBe('waspada');
  });

  it('lets a same-day correction win', () => {
    const history = [
      { riskLevel: 'bahaya' as const, assessedOn: '2024-06-01', recordedAt: at('2024-06-01T08:00:00Z') },
      { riskLevel: 'siaga' as const, assessedOn: '2024-06-01', recordedAt: at('2024-06-01T09:00:00Z') },
    ];
    expect(currentAssessment(history)?.riskLevel).toBe('siaga');
  });

  it('has none without assessments', () => {
    expect(currentAssessment([])).toBeUndefined();
  });

  it('shows the history oldest first', () => {
    const history = [
      { riskLevel: 'aman' as const, assessedOn: '2025-01-01', recordedAt: at('2025-01-01T00:00:00Z') },
      { riskLevel: 'bahaya' as const, assessedOn: '2023-01-01', recordedAt: at('2025-02-01T00:00:00Z') },
    ];
    expect(chronological(history).map((a) => a.riskLevel)).toEqual(['bahaya', 'aman']);
  });
});

describe('assessment rules', () => {
  const history = [{ riskLevel: 'bahaya' as const, assessedOn: '2024-03-01', recordedAt: at('2024-03-01T00:00:00Z') }];

  it('accepts an assessment on or after the first one', () => {
    expect(assessmentProblem(history, '2024-03-01')).toBeUndefined();
    expect(assessmentProblem(history, '2025-01-01')).toBeUndefined();
  });

  it('refuses an assessment before the area was mapped', () => {
    expect(assessmentProblem(history, '2024-02-28')?.rule).toBe('assessment_before_mapping');
  });
});

describe('area names', () => {
  it('folds case and spacing', () => {
    expect(areaNameKey('  Kampung   Ambon ')).toBe(areaNameKey('kampung ambon'));
    expect(areaNameKey('Kampung Boncos')).not.toBe(areaNameKey('Kampung Ambon'));
  });
});
