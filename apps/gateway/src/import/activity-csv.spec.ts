import { ACTIVITY_IMPORT_CHUNK, MAX_LISTED_IMPORT_PROBLEMS } from '@sinergi/contracts';
import { checkActivityCsv, mergeProblems } from './activity-csv.js';

const HEADER = 'regionCode,kind,segment,channel,on,participants,reach';
const GOOD = '31.72.01.1001,workshop,students,in_person,2024-05-02,45,';
const BAD = '31.72.01.1001,juggling,students,in_person,2024-05-02,-1,';
const file = (rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

describe('the format check of an activity file', () => {
  it('hands the good rows over with their lines', () => {
    const check = checkActivityCsv(file(Array(ACTIVITY_IMPORT_CHUNK + 5).fill(GOOD)));
    expect(check).toMatchObject({ problems: [], badLines: 0, problemCount: 0 });
    expect(check.rows).toHaveLength(ACTIVITY_IMPORT_CHUNK + 5);
    expect(check.rows.at(-1)?.line).toBe(ACTIVITY_IMPORT_CHUNK + 6);
  });

  it('lists the first problems by line and counts them all', () => {
    const check = checkActivityCsv(file(Array(1000).fill(BAD)));
    expect(check.problems).toHaveLength(MAX_LISTED_IMPORT_PROBLEMS);
    expect(check.problems.slice(0, 3).map((p) => [p.line, p.path])).toEqual([
      [2, 'kind'],
      [2, 'participants'],
      [3, 'kind'],
    ]);
    expect(check).toMatchObject({ badLines: 1000, problemCount: 2000, rows: [] });
  });

  it('keeps echoed text short', () => {
    const check = checkActivityCsv(`${HEADER},${Array(5000).fill('x').join(',')}\n${GOOD}\n`);
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]?.message.length).toBeLessThanOrEqual(500);
  });
});

describe('merging the format and the region problems', () => {
  it('keeps the first problems of both by line and adds the counts', () => {
    const format = {
      problems: [2, 4, 6].map((line) => ({ line, path: 'kind', message: 'x' })),
      badLines: 30,
      problemCount: 40,
    };
    const region = {
      problems: [3, 5].map((line) => ({ line, path: 'regionCode', message: 'y' })),
      badLines: 2,
      problemCount: 2,
    };
    const merged = mergeProblems(format, region);
    expect(merged.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect(merged).toMatchObject({ badLines: 32, problemCount: 42 });
  });

  it('lists no more than the cap', () => {
    const many = (from: number) => ({
      problems: Array.from({ length: MAX_LISTED_IMPORT_PROBLEMS }, (_, i) => ({
        line: from + 2 * i,
        path: 'p',
        message: 'm',
      })),
      badLines: 500,
      problemCount: 500,
    });
    const merged = mergeProblems(many(2), many(3));
    expect(merged.problems).toHaveLength(MAX_LISTED_IMPORT_PROBLEMS);
    expect(merged.problems.at(-1)?.line).toBe(MAX_LISTED_IMPORT_PROBLEMS + 1);
  });
});
