import { certificateRegionProblem } from './certificate.rules.js';

describe('certificate region', () => {
  it("accepts the facility's own region", () => {
    expect(certificateRegionProblem('31.72', '31.72')).toBeUndefined();
  });

  it('accepts a place below the facility', () => {
    expect(certificateRegionProblem('31.72', '31.72.01.1001')).toBeUndefined();
  });

  it('refuses a neighbouring region', () => {
    expect(certificateRegionProblem('31.72', '31.73')).toMatch(/31\.72/);
  });

  it('refuses a region above the facility', () => {
    expect(certificateRegionProblem('31.72.01', '31.72')).toBeDefined();
  });
});
