import { coordinationReportSchema, reportCellSchema } from './reporting.js';

describe('the coordination report contract', () => {
  const shown = { value: 120, display: '120', suppressed: false };
  const small = { value: null, display: '<5', suppressed: true };
  const report = {
    kind: 'coordination',
    version: 1,
    regionCode: '31.72',
    regionName: 'Kota Jakarta Utara',
    level: 'regency',
    period: { year: 2024 },
    periodKey: '2024',
    generatedAt: '2024-05-02T09:30:00.000Z',
    indicators: [
      {
        code: 'rehab.admissions',
        label: 'Admissions',
        labelId: 'Klien masuk',
        unit: 'people',
        ...shown,
        target: 100,
        achievementPct: 120,
        breakdowns: { substance: { methamphetamine: shown, cannabis: small } },
      },
    ],
    children: [
      {
        regionCode: '31.72.01',
        name: 'Penjaringan',
        values: { 'rehab.admissions': small },
        targets: {},
        achievementPct: {},
      },
    ],
    unattributed: {},
    coordination: {
      assessmentsRequested: 3,
      assessmentsCompleted: 2,
      turnaroundMedianDays: 4,
      turnaroundP90Days: null,
      answeredWithinLimitPct: 100,
      referralAdmissionRatePct: null,
      aftercareCoveragePct: null,
      overdueFollowUps: 0,
      vulnerableAreas: 1,
      vulnerableAreasMultiAgency: 0,
    },
  };

  it('takes a report as the builder makes it, and an approved one with its late corrections', () => {
    expect(coordinationReportSchema.parse(report)).toEqual(report);
    const approved = {
      ...report,
      approval: { state: 'approved', frozenVersion: 1, approvedAt: '2025-01-20T02:00:00.000Z' },
      lateCorrections: [{ code: 'rehab.admissions', frozen: 6, live: 11, delta: 5 }],
    };
    expect(coordinationReportSchema.parse(approved)).toEqual(approved);
  });

  it('drops what the contract does not name', () => {
    const parsed = coordinationReportSchema.parse({ ...report, clientIds: ['x'] });
    expect(parsed).not.toHaveProperty('clientIds');
  });

  it('refuses a hidden cell that carries its count, and a shown one without a value', () => {
    expect(reportCellSchema.safeParse({ value: 2, display: '<5', suppressed: true }).success).toBe(false);
    expect(reportCellSchema.safeParse({ value: null, display: '2', suppressed: true }).success).toBe(false);
    expect(reportCellSchema.safeParse({ value: null, display: '–', suppressed: false }).success).toBe(false);
    const leaking = structuredClone(report);
    (leaking.children[0] as { values: Record<string, unknown> }).values['rehab.admissions'] = { ...small, value: 2 };
    expect(coordinationReportSchema.safeParse(leaking).success).toBe(false);
  });
});
