/**
 * The import worker: one per file, started by csv-worker.ts with the file's bytes and a port for
 * the rows as its workerData. It decodes and checks the file, posts the good rows to that port
 * in small slices (the gateway takes them one at a time as it stages, so no single message holds
 * its event loop for long), then the summary to its parent, and ends. Nothing is logged here.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { checkActivityCsv } from './activity-csv.js';
import type { WorkerInput, WorkerSummary } from './csv-worker.js';

const port = parentPort;
if (!port) throw new Error('activity-csv.worker runs as a worker thread');
const { bytes, rows: rowPort, slice } = workerData as WorkerInput & { rows: MessagePort };

// UTF-8 as Fastify's string parser read it before: a bad byte becomes U+FFFD, which the row schema refuses.
const { rows, ...problems } = checkActivityCsv(new TextDecoder('utf-8').decode(bytes));
for (let i = 0; i < rows.length; i += slice) rowPort.postMessage(rows.slice(i, i + slice));
port.postMessage({ ...problems, rowCount: rows.length } satisfies WorkerSummary);
