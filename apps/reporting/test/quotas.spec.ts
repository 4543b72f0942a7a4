/**
 * Report quotas, fair order and retention on real PostgreSQL, NATS and Redis: a user beyond
 * their quota is told 429 and when to retry while another user's report is served; a burst of
 * one user does not make another wait behind it; the retention job deletes old reports (and
 * their jobs) and keeps recent and scheduled ones.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { eventually, REDIS_URL, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { client, TEST_JWT_SECRET, token } from '../../../test/support/http.js';
import { queryDb } from '../../../test/support/pg.js';
import { reportId } from '../src/reports/report-key.js';
import { JobName, REPORT_QUEUE } from '../src/reports/report-queue.js';

const ACTIVE = 5;
const PER_HOUR = 40;
const ns = new TestNamespace('q');
const reporting = new ServiceProcess(
  'reporting',
  ns.env('reporting', {
    REPORT_QUOTA_ACTIVE: String(ACTIVE),
    REPORT_QUOTA_PER_HOUR: String(PER_HOUR),
    REPORT_RETENTION_DAYS: '90',
    REPORT_RETENTION_SCHEDULED_DAYS: '1826',
  }),
);
// The gateway's own limits out of the way: only reporting's quotas answer 429 here.
const gateway = new ServiceProcess(
  'gateway',
  ns.env('gateway', {
    JWT_SECRET: TEST_JWT_SECRET,
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_IP: '100000',
    RATE_LIMIT_PER_USER: '100000',
    METRICS_PORT: '0',
  }),
);
const api = client(() => gateway.url);
let connection: Redis;
/** Reporting's own queue, opened by the spec to hold jobs back and to add the retention job by hand. */
let queue: Queue;
let officer: string;
let analyst: string;
const db = () => ns.databaseUrl('reporting');

/** A month that has ended, distinct for each n below 288 (January 2001 to December 2024). */
const periodOf = (n: number) => ({ year: 2001 + Math.floor(n / 12), month: (n % 12) + 1 });
/** Distinct report keys: 288 months of each of these regions. */
const BURST_REGIONS = ['31.71', '31.72'];
const ask = (who: string, regionCode: string, period: object) =>
  api('POST', '/v1/reports', { token: who, body: { kind: 'coordination', regionCode, period } });

async function waitDone(id: string, who = analyst, timeoutMs = 60_000) {
  return eventually(
    async () => {
      const report = await api('GET', `/v1/reports/${id}`, { token: who });
      expect(report.body.status).toBe('done');
      return report.body;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

beforeAll(async () => {
  await ns.start();
  ns.migrate(['reporting']);
  await Promise.all([reporting.start(), gateway.start()]);
  connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue(REPORT_QUEUE, { connection, prefix: ns.redisPrefix });
  officer = await token({ roles: ['rehab_officer'], region: '31', sub: 'officer-burst' });
  analyst = await token({ roles: ['analyst'], region: 'ID', sub: 'analyst-waiting' });
}, 90_000);

afterAll(async () => {
  await queue?.resume().catch(() => undefined);
  await queue?.close();
  connection?.disconnect();
  await Promise.all([reporting.stop(), gateway.stop()]);
  await ns.cleanup(['reporting']);
}, 60_000);

describe('per-user quotas', () => {
  it(`refuses a user's ${ACTIVE + 1}th active report with 429 and when to retry; a re-request and another user are served`, async () => {
    // Hold the workers back so the reports stay queued while the quota is read.
    await queue.pause();
    const accepted = [];
    for (let n = 0; n < ACTIVE; n++) {
      const response = await ask(officer, '31', periodOf(n));
      expect(response.status).toBe(202);
      accepted.push(response.body.id as string);
    }
    const beyond = await ask(officer, '31', periodOf(ACTIVE));
    expect(beyond.status).toBe(429);
    expect(beyond.body).toMatchObject({ code: 'rate_limited', quota: 'active', limit: ACTIVE });
    expect(beyond.body.detail).toMatch(/at most 5 at once.*in about \d+ s/);
    expect(beyond.body.retryAfterSeconds).toBeGreaterThan(0);

    // Asking again for a report already queued changes nothing and costs nothing.
    const again = await ask(officer, '31', periodOf(0));
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(accepted[0]);
    const counted = await queryDb<{ n: number }>(
      db(),
      `select count(*)::int as n from report_request where requested_by = 'officer-burst'`,
    );
    expect(counted[0]?.n).toBe(ACTIVE);

    // Another user is not held by the officer's quota, and their first report goes ahead of
    // the officer's second to fifth.
    const other = await ask(analyst, '31.72', { year: 2024 });
    expect(other.status).toBe(202);
    const job = await queue.getJob(other.body.id);
    expect(job?.opts.priority).toBe(1);
    const officerPriorities = await Promise.all(accepted.map(async (id) => (await queue.getJob(id))?.opts.priority));
    expect(officerPriorities).toEqual([1, 2, 3, 4, 5]);
    await queue.resume();
    await waitDone(other.body.id);
    for (const id of accepted) await waitDone(id, officer);

    // Once they are done the officer may ask again.
    expect((await ask(officer, '31', periodOf(ACTIVE))).status).toBe(202);
  });

  it('serves another user promptly behind a burst of 500 distinct reports, and caps the hour', async () => {
    const burster = await token({ roles: ['rehab_officer'], region: '31', sub: 'officer-500' });
    const started = Date.now();
    const statuses: number[] = [];
    const bodies: Array<{ retryAfterSeconds?: number; quota?: string }> = [];
    for (let batch = 0; batch < 500; batch += 25) {
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, i) => {
          const n = batch + i;
          return ask(burster, BURST_REGIONS[Math.floor(n / 288)] as string, periodOf(n % 288));
        }),
      );
      for (const answer of answers) {
        statuses.push(answer.status);
        if (answer.status === 429) bodies.push(answer.body);
      }
    }
    const burstMs = Date.now() - started;
    const accepted = statuses.filter((s) => s === 202).length;
    expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(ACTIVE);
    expect(accepted).toBeLessThanOrEqual(PER_HOUR);
    expect(bodies.every((b) => (b.retryAfterSeconds ?? 0) > 0)).toBe(true);

    const asked = Date.now();
    const mine = await ask(analyst, '31.73', { year: 2024 });
    expect(mine.status).toBe(202);
    await waitDone(mine.body.id);
    const waitedMs = Date.now() - asked;
    // Before the quotas the analyst's report waited 6.8 s behind such a burst (issue #14).
    console.log(
      `burst of 500 in ${burstMs} ms: ${accepted} accepted, ${statuses.length - accepted} refused (429); ` +
        `the analyst's report was done ${waitedMs} ms after asking`,
    );
    expect(waitedMs).toBeLessThan(5000);

    // The hour's quota: keep asking (as reports finish) until it refuses with the hourly reason.
    const hourly = await eventually(
      async () => {
        const answer = await ask(burster, '31.74', periodOf(Math.floor(Math.random() * 288)));
        expect(answer.status).toBe(429);
        expect(answer.body.quota).toBe('hourly');
        return answer.body;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(hourly.detail).toMatch(/at most 40\); try again in \d+ s \(at \d{4}-/);
    expect(hourly.retryAfterSeconds).toBeGreaterThan(3000);
  });

  it('schedules have no quota, and a user asking meanwhile goes ahead of all their jobs', async () => {
    const admin = await token({ roles: ['admin'], region: 'ID', sub: 'national-admin' });
    await queue.pause();
    // Three months owed at national and province level: 3 × (1 + 38) reports at once.
    const since = new Date(Date.now() - 100 * 24 * 3600 * 1000).toISOString();
    const put = await api('PUT', '/v1/reporting/schedules/monthly', {
      token: admin,
      body: { cron: '0 2 1 * *', timeZone: 'Asia/Jakarta', levels: ['national', 'province'], enabled: true, since },
    });
    expect(put.status).toBe(200);
    const owed = await queryDb<{ id: string; scheduled: boolean }>(
      db(),
      `select id, scheduled from report where requested_by = 'schedule:monthly'`,
    );
    expect(owed.length).toBeGreaterThan(3 * 30);
    expect(owed.every((r) => r.scheduled)).toBe(true);
    expect((await queue.getJob(owed[0]?.id as string))?.opts.priority).toBe(10_000);

    const mine = await ask(analyst, '36', { year: 2024 });
    expect(mine.status).toBe(202);
    await queue.resume();
    await waitDone(mine.body.id);
    const [done] = await queryDb<{ n: number }>(
      db(),
      `select count(*)::int as n from report where requested_by = 'schedule:monthly' and status = 'done'`,
    );
    console.log(`the analyst's report was done when ${done?.n} of ${owed.length} scheduled ones were`);
    expect(done?.n).toBeLessThan(owed.length / 4);
    await api('PUT', '/v1/reporting/schedules/monthly', {
      token: admin,
      body: { cron: '0 2 1 * *', timeZone: 'Asia/Jakarta', levels: ['national'], enabled: false },
    });
  });
});

describe('retention', () => {
  it('deletes reports past their retention with their jobs, keeps recent and scheduled ones', async () => {
    const recent = await ask(analyst, '32', { year: 2023 });
    const old = await ask(analyst, '33', { year: 2023 });
    await waitDone(recent.body.id);
    await waitDone(old.body.id);
    expect(await queue.getJob(old.body.id)).toBeDefined();
    const scheduledId = reportId('coordination', '34', { year: 2022 });
    const ancientId = reportId('coordination', '35', { year: 2015 });
    for (const [id, region, period, age] of [
      [scheduledId, '34', '2022', 400],
      [ancientId, '35', '2015', 2000],
    ] as const) {
      await queryDb(
        db(),
        `insert into report (id, kind, region_code, period_key, version, status, progress, result, requested_by,
           requested_at, finished_at, generations, scheduled)
         values ($1, 'coordination', $2, $3, 1, 'done', 100, '{}', 'schedule:annual',
           now() - make_interval(days => $4), now() - make_interval(days => $4), 1, true)`,
        [id, region, period, age],
      );
    }
    await queryDb(db(), `update report set requested_at = now() - interval '91 days' where id = $1`, [old.body.id]);
    await queryDb(
      db(),
      `insert into report_request (requested_by, requested_at) values ('gone-user', now() - interval '2 hours')`,
    );

    await queue.add(JobName.retention, {}, { jobId: 'retention-by-hand' });
    const run = await eventually(
      async () => {
        expect(await queue.getJobState('retention-by-hand')).toBe('completed');
        return (await queue.getJob('retention-by-hand'))?.returnvalue;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(run).toMatchObject({ reports: 2 });
    expect(run.jobs).toBeGreaterThanOrEqual(1);

    const left = await queryDb<{ id: string }>(db(), 'select id from report where id = any($1::uuid[])', [
      [recent.body.id, old.body.id, scheduledId, ancientId],
    ]);
    expect(left.map((r) => r.id).sort()).toEqual([recent.body.id, scheduledId].sort());
    expect(await queue.getJob(old.body.id)).toBeUndefined();
    expect((await api('GET', `/v1/reports/${old.body.id}`, { token: analyst })).status).toBe(404);
    expect(await queryDb(db(), `select 1 from report_request where requested_by = 'gone-user'`)).toHaveLength(0);
    // The job scheduler that runs it every REPORT_RETENTION_EVERY_MS is in place.
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('report-retention');
  });
});
