import { activityMeasureProblems } from '@sinergi/contracts';
import {
  activityRegionProblem,
  importRegionProblems,
  importRowRegionProblem,
  importSessionProblem,
  lineErrors,
} from './activity.rules.js';

describe('activity measures', () => {
  it('counts an in-person activity by its participants', () => {
    expect(activityMeasureProblems({ channel: 'in_person', participants: 40 })).toEqual([]);
    expect(activityMeasureProblems({ channel: 'in_person', participants: 0 })).toEqual([
      expect.objectContaining({ path: 'participants' }),
    ]);
  });

  it('refuses reach on an in-person activity without participants', () => {
    expect(activityMeasureProblems({ channel: 'in_person', participants: 0, reach: 500 })).toEqual([
      expect.objectContaining({ path: 'reach' }),
    ]);
  });

  it('lets an in-person activity with participants also carry a broadcast reach', () => {
    expect(activityMeasureProblems({ channel: 'in_person', participants: 30, reach: 2000 })).toEqual([]);
  });

  it('counts a digital activity by its reach', () => {
    expect(activityMeasureProblems({ channel: 'digital', participants: 0, reach: 591_349 })).toEqual([]);
    expect(activityMeasureProblems({ channel: 'digital', participants: 0 })).toEqual([
      expect.objectContaining({ path: 'reach' }),
    ]);
    expect(activityMeasureProblems({ channel: 'digital', participants: 0, reach: 0 })).toEqual([
      expect.objectContaining({ path: 'reach' }),
    ]);
  });
});

describe('activity regions', () => {
  it.each(['16', '31.72', '31.72.01', '31.72.01.1001'])('records an activity in %s', (code) => {
    expect(activityRegionProblem(code)).toBeUndefined();
  });

  it('refuses the nation as a place', () => {
    expect(activityRegionProblem('ID')).toMatch(/province/);
  });
});

describe('regions of imported rows', () => {
  const regions = { has: (code: string) => ['ID', '31', '31.72', '31.72.01.1001', '31.73.01.1004'].includes(code) };

  it('takes a known region below the nation within the caller region', () => {
    expect(importRowRegionProblem(regions, '31.72.01.1001', '31.72')).toBeUndefined();
  });

  it('gives each bad row its first reason', () => {
    expect(importRowRegionProblem(regions, '31.72.77.7777', '31.72')).toMatch(/not a known region/);
    expect(importRowRegionProblem(regions, 'ID', 'ID')).toMatch(/province/);
    expect(importRowRegionProblem(regions, '31.73.01.1004', '31.72')).toMatch(/outside your region 31.72/);
  });

  it('names the bad rows by line, in line order', () => {
    const row = (line: number, regionCode: string) => ({ line, activity: { regionCode } });
    expect(
      importRegionProblems(regions, [row(9, '31.73.01.1004'), row(3, '31.72.01.1001'), row(4, '31.99')], '31.72'),
    ).toEqual([
      { line: 4, path: 'regionCode', message: '31.99 is not a known region' },
      { line: 9, path: 'regionCode', message: 'outside your region 31.72' },
    ]);
  });
});

describe('import sessions', () => {
  it('commits a session with every row staged', () => {
    expect(importSessionProblem({ staged: 50_000, expected: 50_000 })).toBeUndefined();
  });

  it('refuses a session that lost a chunk', () => {
    expect(importSessionProblem({ staged: 48_000, expected: 50_000 })?.rule).toBe('import_incomplete');
  });

  it('refuses an unknown or already committed session', () => {
    expect(importSessionProblem({ staged: 0, expected: 10 })?.rule).toBe('import_unknown');
  });

  it('names the line of each bad row', () => {
    expect(lineErrors([{ line: 7, path: 'reach', message: 'x' }])).toEqual([{ path: 'line 7: reach', message: 'x' }]);
  });
});
