// Times a 50,000-row activity CSV import through the gateway (issue #5: under 30 s), against
// real PostgreSQL and NATS, with prevention and the gateway as processes in their own namespace
// (own databases and Redis keys, own nats-server with the shipped permissions).
// Issue #14: first a 50,000-row file where every row is bad (half in format, half in region):
// how long it takes to answer and how large the answer is; during both imports, how long another
// user's read (GET /v1/regions/31) takes; and the gateway's resident memory before and after.
// Run from apps/prevention with `npm run bench:csv` after a build. Writes
// bench/results/prevention-csv-import.json (BENCH_RESULTS_DIR: elsewhere, for a trial run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ADMIN_URL, ServiceProcess, TEST_AUDIENCE, TEST_ISSUER, TestNamespace } from '@sinergi/runtime/testing';
import { SignJWT } from 'jose';
import pg from 'pg';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const SECRET = 'bench-secret-that-is-at-least-32-characters-long';
const RESULTS = process.env.BENCH_RESULTS_DIR
  ? resolve(process.env.BENCH_RESULTS_DIR)
  : join(import.meta.dirname, 'results');
// Villages of Jakarta Utara (31.72), where the seeds' 1,839 activities happened.
const VILLAGES = ['31.72.01.1001', '31.72.01.1002', '31.72.04.1007', '31.72.02.1001', '31.72.03.1001'];
const KINDS = ['socialization', 'counseling', 'workshop', 'talk_show', 'dialogue', 'campaign'];
const SEGMENTS = ['students', 'workers', 'community', 'families', 'media', 'private_sector', 'education', 'customary'];

/** Every row bad: the even ones in format (kind and participants), the odd ones outside 31.72. */
function badCsv(rows) {
  const lines = ['regionCode,kind,segment,channel,on,participants,reach'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      i % 2 === 0
        ? '31.72.01.1001,juggling,students,in_person,2024-05-02,-1,'
        : '31.73.01.1004,socialization,students,in_person,2024-05-02,25,',
    );
  }
  return `${lines.join('\n')}\n`;
}

function csv(rows) {
  const lines = ['regionCode,kind,segment,channel,on,participants,reach'];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const digital = i % 5 === 0;
    lines.push(
      [
        VILLAGES[i % VILLAGES.length],
        KINDS[i % KINDS.length],
        SEGMENTS[i % SEGMENTS.length],
        digital ? 'digital' : 'in_person',
        `2024-${month}-${day}`,
        digital ? 0 : 20 + (i % 80),
        digital ? 1000 + i : '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function scalar(databaseUrl, sql) {
  const admin = new URL(ADMIN_URL);
  admin.pathname = new URL(databaseUrl).pathname;
  const db = new pg.Client({ connectionString: admin.toString() });
  await db.connect();
  try {
    return Number(Object.values((await db.query(sql)).rows[0])[0]);
  } finally {
    await db.end();
  }
}

const sign = (claims, subject) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(TEST_ISSUER)
    .setAudience(TEST_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

const mib = (bytes) => Math.round(bytes / 1024 / 1024);
const ms = (value) => Math.round(value * 10) / 10;

/** The gateway's resident memory, from its own /metrics (prom-client reads /proc/self/status). */
async function gatewayRss() {
  const text = await (await fetch(gateway.metricsUrl)).text();
  return Number(/^sinergi_process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

/**
 * POSTs a file while another user reads GET /v1/regions/31 every 25 ms; the answer and each read's
 * time. Plain fetch, not @sinergi/client (bench/lib.mjs apiClient): the import's answer, its size
 * and the reads' times are what this measures, as sent and as received.
 */
async function importWhileReading(body, token, reader) {
  let importing = true;
  const reads = [];
  const started = performance.now();
  const answer = fetch(`${gateway.url}/v1/prevention/activities:import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
    signal: AbortSignal.timeout(300_000),
  })
    .then(async (response) => ({
      status: response.status,
      text: await response.text(),
      ms: performance.now() - started,
    }))
    .finally(() => {
      importing = false;
    });
  while (importing && performance.now() - started < 300_000) {
    const t = performance.now();
    const read = await fetch(`${gateway.url}/v1/regions/31`, { headers: { authorization: `Bearer ${reader}` } });
    await read.arrayBuffer();
    if (importing) reads.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  reads.sort((a, b) => a - b);
  const at = (q) => ms(reads[Math.min(reads.length - 1, Math.floor(q * reads.length))] ?? Number.NaN);
  return {
    ...(await answer),
    reads: { count: reads.length, medianMs: at(0.5), p90Ms: at(0.9), maxMs: ms(reads.at(-1) ?? Number.NaN) },
  };
}

/** The gateway's RSS once it settles (the import worker's memory goes when the worker ends), within 20 s. */
async function settledRss() {
  let last = await gatewayRss();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await gatewayRss();
    if (Math.abs(now - last) < 2 * 1024 * 1024) return now;
    last = now;
  }
  return last;
}

const ns = new TestNamespace('bench');
const prevention = new ServiceProcess('prevention', ns.env('prevention', { LOG_LEVEL: 'info' }));
const gateway = new ServiceProcess(
  'gateway',
  ns.env('gateway', {
    JWT_SECRET: SECRET,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // The reads below come from this one address; the commit of 50,000 rows takes seconds.
    RATE_LIMIT_PER_IP: '100000',
    RATE_LIMIT_PER_USER: '100000',
    RPC_TIMEOUT_MS: '30000',
  }),
);
let result;
try {
  await ns.start();
  ns.migrate(['prevention']);
  await Promise.all([prevention.start(), gateway.start()]);
  const token = await sign({ agency: 'BNN', roles: ['prevention_officer'], region: '31.72' }, 'bench');
  const reader = await sign({ agency: 'BNN', roles: ['analyst'], region: '31' }, 'reader');
  const rssBefore = await settledRss();

  const bad = badCsv(ROWS);
  const refused = await importWhileReading(bad, token, reader);
  const refusal = JSON.parse(refused.text);
  if (refused.status !== 400) throw new Error(`the bad file answered ${refused.status}: ${refused.text.slice(0, 500)}`);
  const rssAfterBad = await settledRss();

  const body = csv(ROWS);
  const started = performance.now();
  const imported = await importWhileReading(body, token, reader);
  const answer = JSON.parse(imported.text);
  const importMs = imported.ms;
  if (imported.status !== 201) throw new Error(`import answered ${imported.status}: ${imported.text.slice(0, 500)}`);
  const rssAfterGood = await settledRss();

  const database = ns.databaseUrl('prevention');
  const activities = await scalar(database, 'select count(*) from activity');
  // Not part of the 30 s budget: how long until every row's event has left the outbox.
  let pending = Number.POSITIVE_INFINITY;
  while (pending > 0 && performance.now() - started < 300_000) {
    pending = await scalar(database, 'select count(*) from outbox where published_at is null');
    if (pending > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const publishedMs = performance.now() - started;

  result = {
    benchmark: 'prevention-csv-import',
    measuredAt: new Date().toISOString(),
    rows: ROWS,
    bytes: Buffer.byteLength(body),
    status: imported.status,
    imported: answer.imported,
    activitiesInDatabase: activities,
    importSeconds: Number((importMs / 1000).toFixed(2)),
    rowsPerSecond: Math.round(ROWS / (importMs / 1000)),
    allEventsPublishedSeconds: pending === 0 ? Number((publishedMs / 1000).toFixed(2)) : null,
    budgetSeconds: 30,
    withinBudget: importMs < 30_000,
    otherUserReadsDuringImport: imported.reads,
    badFile: {
      bytes: Buffer.byteLength(bad),
      status: refused.status,
      answerSeconds: Number((refused.ms / 1000).toFixed(2)),
      answerBytes: Buffer.byteLength(refused.text),
      badLines: refusal.badLines,
      problemCount: refusal.problemCount,
      listed: refusal.lines?.length,
      otherUserReadsDuringImport: refused.reads,
    },
    gatewayRssMiB: { before: mib(rssBefore), afterBadFile: mib(rssAfterBad), afterGoodFile: mib(rssAfterGood) },
    node: process.version,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'prevention-csv-import.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(prevention.logs.slice(-15).join('\n'));
  throw error;
} finally {
  await Promise.all([prevention.stop(), gateway.stop()]);
  await ns.cleanup(['prevention']);
}
if (!result?.withinBudget) process.exitCode = 1;
