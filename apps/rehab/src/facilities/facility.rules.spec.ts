import { facilityRegionProblem } from './facility.rules.js';

describe('facility regions', () => {
  it('puts an IBM unit in a village', () => {
    expect(facilityRegionProblem('ibm_unit', '31.72.01.1001')).toBeUndefined();
    expect(facilityRegionProblem('ibm_unit', '31.72')).toMatch(/village/);
    expect(facilityRegionProblem('ibm_unit', '31.72.01')).toMatch(/village/);
  });

  it.each(['clinic', 'puskesmas', 'hospital', 'social_rehab'] as const)(
    'lets a %s sit at any level below the nation',
    (kind) => {
      expect(facilityRegionProblem(kind, '31')).toBeUndefined();
      expect(facilityRegionProblem(kind, '31.72.01.1001')).toBeUndefined();
      expect(facilityRegionProblem(kind, 'ID')).toMatch(/province/);
    },
  );
});
