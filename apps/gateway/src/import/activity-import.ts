/**
 * POST /v1/prevention/activities:import, a CSV file of up to 50,000 activities, all or none.
 *
 * 1. `registerCsvParser`: the body is read as bytes, at most MAX_CSV_BYTES; never one string on
 *    the event loop. Beyond the limit (or a Content-Length over it) nothing more is kept: the rest
 *    of the upload is read and dropped, within a bound, before the 413 goes out (`afterDraining`).
 * 2. A worker thread (csv-worker.ts) parses it and checks every row against the contract's row
 *    schema (`readActivityCsv`, packages/contracts/src/prevention.ts): format problems by line.
 * 3. The good rows go to prevention in chunks under one importId (NATS carries 1 MB a message).
 *    Prevention checks each row's region (known, not national, within the caller's region: its
 *    rule, not the gateway's) and stages a chunk only when all of it passes. Once the file is
 *    known to be bad, the remaining chunks go `checkOnly`, and prevention drops what the session
 *    staged, so the answer names every kind of bad line and nothing stays staged.
 * 4. A good file is committed: prevention moves the session into `activity` in one transaction.
 *    A bad one answers 400 with the first MAX_LISTED_IMPORT_PROBLEMS problems by line and the
 *    counts of bad lines and problems, so a file of 50,000 bad rows answers in kilobytes.
 *
 * A session left by a failed stage call (a timeout, say) is never committed and counts nowhere;
 * prevention drops staged rows an hour old (apps/prevention/src/activities/stage-activity-import.use-case.ts).
 * Independent of Nest: the route table (apps/gateway/src/http/routes.ts) calls `importActivities`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type activityImportSchema,
  ErrorCode,
  MAX_ACTIVITY_CSV_ROWS,
  PreventionRpc,
  type Principal,
  type RpcContract,
} from '@sinergi/contracts';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ProblemError } from '../http/problem.js';
import { type CsvProblems, mergeProblems, NO_PROBLEMS } from './activity-csv.js';
import { checkActivityCsvInWorker } from './csv-worker.js';

/**
 * The largest file: 50,000 rows of a spreadsheet export run 2–4 MB (about 50–80 bytes a row,
 * quoted, CRLF); 8 MiB leaves room for that and bounds what one request may hold.
 */
export const MAX_CSV_BYTES = 8 * 1024 * 1024;

/** `ServiceClient.call`, so this module needs neither Nest nor the client. */
export type ServiceCall = <C extends RpcContract>(
  contract: C,
  input: z.infer<C['input']>,
  principal: Principal,
) => Promise<z.infer<C['output']>>;

function tooLarge(): ProblemError {
  const message = `must be at most ${MAX_CSV_BYTES} bytes (8 MiB, ${MAX_ACTIVITY_CSV_ROWS} rows); split the file`;
  return new ProblemError(
    413,
    ErrorCode.ValidationFailed,
    `the file is larger than ${MAX_CSV_BYTES} bytes`,
    [{ path: '(body)', message }],
    { limitBytes: MAX_CSV_BYTES },
  );
}

/** What is read and dropped of a refused upload at most, and for how long, before answering. */
const DRAIN_MAX_BYTES = 4 * MAX_CSV_BYTES;
const DRAIN_MAX_MS = 10_000;

/**
 * Calls `then` once the rest of a refused upload has been read and dropped (or the bound is
 * reached). Fastify closes the connection after a parser's error: answered while the client is
 * still sending, the client would meet a reset connection instead of the 413 (what lingering
 * close does in other servers). Nothing read here is kept.
 */
function afterDraining(payload: IncomingMessage, then: () => void): void {
  let dropped = 0;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    payload.off('data', onData);
    payload.off('end', finish);
    payload.off('error', finish);
    payload.off('close', finish);
    then();
  };
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_MAX_BYTES) finish();
  };
  const timer = setTimeout(finish, DRAIN_MAX_MS);
  payload.on('data', onData);
  payload.on('end', finish);
  payload.on('error', finish);
  payload.on('close', finish);
  payload.resume();
  if (payload.readableEnded) finish();
}

/** The request's bytes, at most MAX_CSV_BYTES, into one buffer sized by Content-Length when given. */
function readBody(payload: IncomingMessage, declared: number | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_CSV_BYTES) {
        cleanup();
        chunks.length = 0;
        afterDraining(payload, () => reject(tooLarge()));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (declared !== undefined && received !== declared) {
        reject(ProblemError.validation([{ path: '(body)', message: `ended after ${received} of ${declared} bytes` }]));
        return;
      }
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

/**
 * The `text/csv` content-type parser: the body as a Buffer of at most MAX_CSV_BYTES, refused with
 * 413 once Content-Length (or the bytes read so far) passes the limit and the rest is dropped.
 */
export function registerCsvParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('text/csv', (request, payload, done) => {
    const header = request.headers['content-length'];
    const declared = header === undefined ? undefined : Number(header);
    if (declared !== undefined && Number.isFinite(declared) && declared > MAX_CSV_BYTES) {
      afterDraining(payload, () => done(tooLarge(), undefined));
      return;
    }
    readBody(payload, declared !== undefined && Number.isFinite(declared) ? declared : undefined).then(
      (body) => done(null, body),
      (error: Error) => done(error, undefined),
    );
  });
}

/** The 400 of a bad file: the first problems by line, every count, nothing of the other rows. */
function badFile({ problems, badLines, problemCount }: CsvProblems): ProblemError {
  const listed = problems.length < problemCount ? `; the first ${problems.length} are listed` : '';
  return new ProblemError(
    400,
    ErrorCode.ValidationFailed,
    `${badLines} line(s) of the file are invalid (${problemCount} problem(s)${listed}); nothing was imported`,
    problems.map((p) => ({ path: `line ${p.line}: ${p.path}`, message: p.message })),
    { lines: problems, badLines, problemCount },
  );
}

/**
 * Imports an activity file for `principal`: the commit's answer, or a ProblemError (400 for a
 * bad file, 413 for one too large, 415 for a body that is not a file).
 */
export async function importActivities(
  body: unknown,
  principal: Principal,
  call: ServiceCall,
): Promise<z.infer<typeof activityImportSchema>> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (!(bytes instanceof Uint8Array)) {
    throw new ProblemError(415, ErrorCode.ValidationFailed, 'send the activities as text/csv', [
      { path: '(body)', message: 'must be text/csv' },
    ]);
  }
  if (bytes.length > MAX_CSV_BYTES) throw tooLarge();
  const file = await checkActivityCsvInWorker(bytes);
  // Rows are checked by prevention even when the format check failed, so one answer names both.
  let regionProblems: CsvProblems = NO_PROBLEMS;
  const importId = randomUUID();
  try {
    for await (const rows of file.chunks()) {
      const checkOnly = file.badLines > 0 || regionProblems.badLines > 0;
      const staged = await call(PreventionRpc.stageActivityImport, { importId, rows, checkOnly }, principal);
      const badLines = staged.badLines ?? 0;
      if (badLines > 0) {
        regionProblems = mergeProblems(regionProblems, {
          problems: staged.problems ?? [],
          badLines,
          problemCount: badLines,
        });
      }
    }
  } finally {
    file.close();
  }
  const problems = mergeProblems(file, regionProblems);
  if (problems.badLines > 0) throw badFile(problems);
  return call(PreventionRpc.commitActivityImport, { importId, rowCount: file.rowCount }, principal);
}
