// Times a 50,000-row activity CSV import through the gateway (issue #5: under 30 s), against
// real PostgreSQL and NATS, with prevention and the gateway as processes in their own namespace
// (own databases and Redis keys, own nats-server with the shipped permissions).
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

const ns = new TestNamespace('bench');
const prevention = new ServiceProcess('prevention', ns.env('prevention', { LOG_LEVEL: 'info' }));
const gateway = new ServiceProcess(
  'gateway',
  ns.env('gateway', { JWT_SECRET: SECRET, HOST: '127.0.0.1', LOG_LEVEL: 'info' }),
);
let result;
try {
  await ns.start();
  ns.migrate(['prevention']);
  await Promise.all([prevention.start(), gateway.start()]);
  const token = await new SignJWT({ agency: 'BNN', roles: ['prevention_officer'], region: '31.72' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuer(TEST_ISSUER)
    .setAudience(TEST_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));
  const body = csv(ROWS);

  const started = performance.now();
  const response = await fetch(`${gateway.url}/v1/prevention/activities:import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
  });
  const answer = await response.json();
  const importMs = performance.now() - started;
  if (response.status !== 201) throw new Error(`import answered ${response.status}: ${JSON.stringify(answer)}`);

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
    status: response.status,
    imported: answer.imported,
    activitiesInDatabase: activities,
    importSeconds: Number((importMs / 1000).toFixed(2)),
    rowsPerSecond: Math.round(ROWS / (importMs / 1000)),
    allEventsPublishedSeconds: pending === 0 ? Number((publishedMs / 1000).toFixed(2)) : null,
    budgetSeconds: 30,
    withinBudget: importMs < 30_000,
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
