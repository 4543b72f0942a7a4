import { recordTrainingInput } from '@sinergi/contracts';
import { trainingRegionProblem } from './training.rules.js';

describe('trainings', () => {
  it('are held in a province or below', () => {
    expect(trainingRegionProblem('16.73')).toBeUndefined();
    expect(trainingRegionProblem('ID')).toMatch(/province/);
  });

  it('train at least one activist, never a negative number', () => {
    const base = { regionCode: '16.73', on: '2022-08-10', sector: 'education' };
    expect(recordTrainingInput.safeParse({ ...base, trained: 25 }).success).toBe(true);
    for (const trained of [0, -3, 2.5]) {
      const result = recordTrainingInput.safeParse({ ...base, trained });
      expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['trained']);
    }
  });
});
