import {
  type ActivityCsvRow,
  type CsvRowProblem,
  MAX_LISTED_IMPORT_PROBLEMS,
  readActivityCsv,
} from '@sinergi/contracts';

/** What a file's format check found: the first problems by line, and how many there are in all. */
export interface CsvProblems {
  /** The first MAX_LISTED_IMPORT_PROBLEMS problems, by line. */
  problems: CsvRowProblem[];
  /** Lines with at least one problem. */
  badLines: number;
  /** Problems in all (a line may have several). */
  problemCount: number;
}

export interface CsvCheck extends CsvProblems {
  /** The rows that passed, in file order. */
  rows: ActivityCsvRow[];
}

/** Echoed cell text (a column name, say) stays short: the answer names a problem, not the file. */
const MAX_PATH = 100;
const MAX_MESSAGE = 500;

const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/**
 * Reads an activity file with the contract's own reader (`readActivityCsv`: the columns, the row
 * schema, the row limit) and keeps what an answer needs: the good rows, the first problems, and
 * the counts. Runs in the import worker, off the gateway's event loop.
 */
export function checkActivityCsv(text: string): CsvCheck {
  const { rows, problems } = readActivityCsv(text);
  problems.sort((a, b) => a.line - b.line);
  let badLines = 0;
  let lastLine = -1;
  for (const { line } of problems) {
    if (line !== lastLine) badLines++;
    lastLine = line;
  }
  return {
    rows,
    problems: problems.slice(0, MAX_LISTED_IMPORT_PROBLEMS).map((p) => ({
      line: p.line,
      path: clip(p.path, MAX_PATH),
      message: clip(p.message, MAX_MESSAGE),
    })),
    badLines,
    problemCount: problems.length,
  };
}

/**
 * Two reports of the same file into one: the first problems of both by line, the counts added.
 * Each lists its own first problems by line, so the first of the union are among them.
 */
export function mergeProblems(a: CsvProblems, b: CsvProblems): CsvProblems {
  return {
    problems: [...a.problems, ...b.problems].sort((x, y) => x.line - y.line).slice(0, MAX_LISTED_IMPORT_PROBLEMS),
    badLines: a.badLines + b.badLines,
    problemCount: a.problemCount + b.problemCount,
  };
}

export const NO_PROBLEMS: CsvProblems = { problems: [], badLines: 0, problemCount: 0 };
