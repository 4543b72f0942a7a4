import { type CsvRowProblem, type FieldError, isWithinRegion, regionLevel } from '@sinergi/contracts';
import { unknownRegionProblem } from '@sinergi/runtime';

/** An activity happens somewhere: a province, regency, district or village, never "the nation". */
export function activityRegionProblem(regionCode: string): string | undefined {
  return regionLevel(regionCode) === 'national' ? 'an activity is recorded in a province or below' : undefined;
}

/**
 * Where a row of an imported file may be recorded: a known region, below the nation, within the
 * caller's region. The first rule a row breaks is its one reason.
 */
export function importRowRegionProblem(
  regions: { has(code: string): boolean },
  regionCode: string,
  scope: string,
): string | undefined {
  const problem = unknownRegionProblem(regions, regionCode) ?? activityRegionProblem(regionCode);
  if (problem) return problem;
  if (!isWithinRegion(regionCode, scope)) return `outside your region ${scope}`;
  return undefined;
}

/** The rows of a file (or a chunk of one) whose region the caller may not record in, by line. */
export function importRegionProblems(
  regions: { has(code: string): boolean },
  rows: ReadonlyArray<{ line: number; activity: { regionCode: string } }>,
  scope: string,
): CsvRowProblem[] {
  const problems: CsvRowProblem[] = [];
  for (const { line, activity } of rows) {
    const message = importRowRegionProblem(regions, activity.regionCode, scope);
    if (message) problems.push({ line, path: 'regionCode', message });
  }
  return problems.sort((a, b) => a.line - b.line);
}

export interface ImportSession {
  staged: number;
  expected: number;
}

/**
 * A session commits only when every row the file had is staged: a lost chunk must fail the
 * import, not quietly import part of the file.
 */
export function importSessionProblem(session: ImportSession): { rule: string; message: string } | undefined {
  if (session.staged === 0) {
    return {
      rule: 'import_unknown',
      message: 'no rows are staged under this importId (unknown, expired or committed)',
    };
  }
  if (session.staged !== session.expected) {
    return {
      rule: 'import_incomplete',
      message: `${session.staged} of ${session.expected} rows are staged; send the missing chunks or start again`,
    };
  }
  return undefined;
}

/** A file's bad rows as field errors, `line 7: reach`, so one answer names every line. */
export function lineErrors(problems: Array<{ line: number; path: string; message: string }>): FieldError[] {
  return problems.map((p) => ({ path: `line ${p.line}: ${p.path}`, message: p.message }));
}
