import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ACTIVITY_IMPORT_CHUNK, type ActivityCsvRow, ErrorCode } from '@sinergi/contracts';
import { ProblemError } from '../http/problem.js';
import type { CsvProblems } from './activity-csv.js';

/** What the worker is given. */
export interface WorkerInput {
  bytes: Uint8Array;
  /** Rows a message: small enough that taking one off the port is a millisecond or two. */
  slice: number;
}

/** What the worker posts to its parent once every good row is on the rows port. */
export interface WorkerSummary extends CsvProblems {
  /** The good rows, all posted to the rows port. */
  rowCount: number;
}

/** A checked file: its problems, and its good rows waiting to be taken. */
export interface CheckedFile extends WorkerSummary {
  /**
   * The good rows, at most ACTIVITY_IMPORT_CHUNK at a time (one stage call each), taken from the
   * port as they are asked for, with a turn of the event loop between slices.
   */
  chunks(): AsyncGenerator<ActivityCsvRow[]>;
  /** Drops whatever rows are left. */
  close(): void;
}

/**
 * Beside this module in dist/ (the gateway runs compiled, ESM): dist/import/activity-csv.worker.js.
 * Under Jest the module is the .ts source, which a worker cannot run; the integration spec
 * (test/integration/csv-import.spec.ts) drives the import through the built gateway.
 */
const WORKER_URL = new URL('./activity-csv.worker.js', import.meta.url);

/** Rows a message from the worker: 250 deserialise in about a millisecond. */
const SLICE = 250;
/** Files read at once; a 2-core node stays responsive with one loop and two readers busy. */
export const MAX_READING = 2;
/** Files waiting for a reader (each holds its body, at most MAX_CSV_BYTES); beyond, 503. */
export const MAX_WAITING = 8;
/** A worker that has not answered by then is stopped: an 8 MiB file reads in a few seconds. */
export const READ_TIMEOUT_MS = 60_000;
/**
 * The worker's old generation, as the services' own (packages/runtime/src/node-options.ts): a
 * file of 50,000 rows with six problems each needs under 100 MiB; a hostile file that needs more
 * than this ends the worker with 413, not the gateway.
 */
const WORKER_HEAP_MB = 256;

const RETRY_AFTER = { 'retry-after': '5' };

let reading = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (reading >= MAX_READING) {
    if (waiting.length >= MAX_WAITING) {
      throw new ProblemError(
        503,
        ErrorCode.UpstreamUnavailable,
        `the gateway is reading ${MAX_READING + MAX_WAITING} files already; send this one again shortly`,
        undefined,
        {},
        RETRY_AFTER,
      );
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    reading++;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waiting.shift();
    // The slot passes straight to the next file; only when none waits is it freed.
    if (next) next();
    else reading--;
  };
}

function failure(error: Error & { code?: string }): Error {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ProblemError(
      413,
      ErrorCode.ValidationFailed,
      'the file needs more memory to read than one import may use; split it into smaller files',
      [{ path: '(body)', message: 'too large to read' }],
    );
  }
  // The worker's own message may quote the file; only that it failed leaves here.
  return new Error(`the import worker failed (${error.name})`);
}

/** Runs one worker over `bytes` to its summary; the rows wait on `rows`. */
function runWorker(bytes: Uint8Array, rows: MessagePort): Promise<WorkerSummary> {
  return new Promise<WorkerSummary>((resolve, reject) => {
    let settled = false;
    const input: WorkerInput & { rows: MessagePort } = { bytes, slice: SLICE, rows };
    const worker = new Worker(WORKER_URL, {
      workerData: input,
      transferList: [rows],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      // Whatever a worker might print stays out of the gateway's log.
      stdout: true,
      stderr: true,
    });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Its heap goes with it; the rows already posted stay on the port.
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => {
      const detail = `the file was not read within ${READ_TIMEOUT_MS / 1000} s; send it again shortly`;
      finish(() => reject(new ProblemError(503, ErrorCode.UpstreamUnavailable, detail, undefined, {}, RETRY_AFTER)));
    }, READ_TIMEOUT_MS);
    worker.once('message', (summary: WorkerSummary) => finish(() => resolve(summary)));
    worker.once('error', (error: Error) => finish(() => reject(failure(error))));
    worker.once('exit', (code) => finish(() => reject(new Error(`the import worker ended early (exit ${code})`))));
  });
}

/**
 * Reads and checks an activity file in a worker thread of its own, so the parse and the row
 * validation (seconds of CPU for 50,000 rows) never hold the event loop, and what the worker
 * allocated goes when it ends. At most MAX_READING files are read at once.
 */
export async function checkActivityCsvInWorker(bytes: Uint8Array): Promise<CheckedFile> {
  const release = await slot();
  const { port1, port2 } = new MessageChannel();
  let summary: WorkerSummary;
  try {
    summary = await runWorker(bytes, port2);
  } catch (error) {
    port1.close();
    throw error;
  } finally {
    release();
  }
  let left = summary.rowCount;
  return {
    ...summary,
    async *chunks() {
      while (left > 0) {
        const chunk: ActivityCsvRow[] = [];
        while (left > 0 && chunk.length < ACTIVITY_IMPORT_CHUNK) {
          const received = receiveMessageOnPort(port1);
          if (!received) throw new Error('the import worker posted fewer rows than it counted');
          const slice = received.message as ActivityCsvRow[];
          for (const row of slice) chunk.push(row);
          left -= slice.length;
          await yieldToLoop();
        }
        yield chunk;
      }
    },
    close: () => port1.close(),
  };
}
