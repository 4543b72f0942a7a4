import { type FieldError, regionLevel } from '@sinergi/contracts';

/** An activity happens somewhere: a province, regency, district or village, never "the nation". */
export function activityRegionProblem(regionCode: string): string | undefined {
  return regionLevel(regionCode) === 'national' ? 'an activity is recorded in a province or below' : undefined;
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
