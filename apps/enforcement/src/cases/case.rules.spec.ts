import { closedCaseProblem, stageChangeProblem, stageDateProblem } from './case.rules.js';

describe('case stages', () => {
  it.each([
    ['investigation', 'prosecution'],
    ['prosecution', 'trial'],
    ['trial', 'closed'],
  ] as const)('moves forward from %s to %s', (from, to) => {
    expect(stageChangeProblem(from, to)).toBeUndefined();
  });

  it.each(['investigation', 'prosecution'] as const)('may close a case in %s early', (from) => {
    expect(stageChangeProblem(from, 'closed')).toBeUndefined();
  });

  it.each([
    ['prosecution', 'investigation'],
    ['trial', 'prosecution'],
    ['trial', 'investigation'],
  ] as const)('never goes back from %s to %s', (from, to) => {
    expect(stageChangeProblem(from, to)?.rule).toBe('stage_backwards');
  });

  it('does not skip a stage on the way to court', () => {
    expect(stageChangeProblem('investigation', 'trial')?.rule).toBe('stage_skipped');
  });

  it('refuses a change to the stage it is already in', () => {
    expect(stageChangeProblem('prosecution', 'prosecution')?.rule).toBe('stage_unchanged');
  });

  it.each(['investigation', 'prosecution', 'trial', 'closed'] as const)('keeps a closed case closed (to %s)', (to) => {
    expect(stageChangeProblem('closed', to)?.rule).toBe('case_closed');
  });

  it('dates a change on or after the current stage began', () => {
    expect(stageDateProblem('2022-03-01', '2022-03-01')).toBeUndefined();
    expect(stageDateProblem('2022-03-01', '2022-04-01')).toBeUndefined();
    expect(stageDateProblem('2022-03-01', '2022-02-28')).toMatch(/2022-03-01/);
  });

  it('records nothing more on a closed case', () => {
    expect(closedCaseProblem('trial')).toBeUndefined();
    expect(closedCaseProblem('closed')?.rule).toBe('case_closed');
  });
});
