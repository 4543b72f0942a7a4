import { EnforcementRpc, fieldErrors } from '@sinergi/contracts';

const caseId = '00000000-0000-4000-8000-000000000001';
const parse = (body: Record<string, unknown>) =>
  EnforcementRpc.recordSeizure.input.safeParse({ caseId, seizedOn: '2022-03-01', ...body });
const badFields = (body: Record<string, unknown>) => {
  const result = parse(body);
  return result.success ? [] : fieldErrors(result.error).map((e) => e.path);
};

describe('the seizure contract', () => {
  it('keeps a decimal quantity as the exact string it names', () => {
    expect(parse({ substance: 'methamphetamine', quantity: '307.527', unit: 'g' }).data?.quantity).toBe('307.527');
    expect(parse({ substance: 'methamphetamine', quantity: 307.527, unit: 'g' }).data?.quantity).toBe('307.527');
  });

  it.each(['0', '0.000', -1, '-1', '1e3', 'abc', '1.1234567', ''])('refuses quantity %p', (quantity) => {
    expect(badFields({ substance: 'heroin', quantity, unit: 'g' })).toEqual(['quantity']);
  });

  it.each([
    ['methamphetamine', 'plant'],
    ['heroin', 'tablet'],
    ['cocaine', 'ml'],
    ['cannabis', 'tablet'],
  ])('refuses %s counted in %s, naming unit', (substance, unit) => {
    expect(badFields({ substance, quantity: '1', unit })).toEqual(['unit']);
  });

  it.each([
    ['mdma', 'tablet'],
    ['cannabis', 'plant'],
    ['synthetic_cannabinoid', 'ml'],
    ['other', 'plant'],
  ])('accepts %s in %s', (substance, unit) => {
    expect(badFields({ substance, quantity: '1', unit })).toEqual([]);
  });
});

describe('the counting contracts', () => {
  it('refuses more positives than people tested, naming positives', () => {
    const result = EnforcementRpc.recordOperation.input.safeParse({
      regionCode: '31.72',
      kind: 'raid',
      on: '2024-01-01',
      peopleTested: 5,
      positives: 6,
    });
    expect(result.success ? [] : fieldErrors(result.error).map((e) => e.path)).toEqual(['positives']);
  });

  it('refuses more narcotics inmates than occupancy, naming narcoticsInmates', () => {
    const result = EnforcementRpc.recordPrisonSnapshot.input.safeParse({
      regionCode: '31',
      facilityName: 'Lapas Cipinang',
      on: '2024-01-01',
      capacity: 10,
      occupancy: 20,
      narcoticsInmates: 21,
    });
    expect(result.success ? [] : fieldErrors(result.error).map((e) => e.path)).toEqual(['narcoticsInmates']);
  });

  it('reads overdue=true from a query string as a boolean', () => {
    expect(EnforcementRpc.listAssessmentRequests.input.parse({ overdue: 'true' }).overdue).toBe(true);
    expect(EnforcementRpc.listAssessmentRequests.input.parse({ overdue: 'false' }).overdue).toBe(false);
    expect(EnforcementRpc.listAssessmentRequests.input.safeParse({ overdue: 'yes' }).success).toBe(false);
  });
});
