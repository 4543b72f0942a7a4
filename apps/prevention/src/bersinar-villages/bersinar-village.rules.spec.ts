import { designationProblem } from './bersinar-village.rules.js';

describe('Bersinar designation', () => {
  it('designates a village not yet in the programme', () => {
    expect(designationProblem(undefined, '31.72.01.1001')).toBeUndefined();
  });

  it('refuses a second designation of the same village', () => {
    expect(designationProblem({ id: 'x', designatedOn: '2024-03-01' }, '31.72.01.1001')).toMatch(
      /31\.72\.01\.1001 was already designated Bersinar on 2024-03-01/,
    );
  });
});
