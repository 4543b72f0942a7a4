/**
 * The fault suite (issue #8, `npm run test:faults`). Each scenario runs its own services in its
 * own namespace, writes a known set of records through the gateway while a fault happens, heals
 * it, then reconciles: every committed write has exactly one event in its stream, every event is
 * applied once in reporting (inbox rows and facts), and the indicator equals the source count.
 * The table printed at the end has one row per scenario; any lost or duplicated record fails it.
 * Loopback only; every loop is bounded in count and time.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { EnforcementEvents } from '@sinergi/contracts';
import { OUTBOX_CHANNELS } from '@sinergi/runtime';
import { eventually, PrivateRedisServer, type ServiceProcess } from '@sinergi/runtime/testing';
import { periodKey } from '../../apps/reporting/src/reports/report-key.js';
import { duePeriods, SCHEDULE_TIME_ZONE } from '../../apps/reporting/src/schedules/schedule.rules.js';
import { type ApiResponse, token } from '../support/http.js';
import { queryDb } from '../support/pg.js';
import {
  ACTIVITY_SUBJECT,
  count,
  importCsv,
  indicatorValue,
  killAt,
  oneActivity,
  PgProxy,
  printTable,
  readStream,
  reconcileActivities,
  recordRow,
  Rig,
  settleActivities,
  tokens,
} from './rig.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const OUTAGE_MS = 30_000;
const signalOf = (proc: ServiceProcess) => (proc as unknown as { child?: ChildProcess }).child?.signalCode;

async function recordActivity(rig: Rig, i: number, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return rig.api('POST', '/v1/prevention/activities', {
    token: await tokens.prevention(),
    body: oneActivity(i),
    headers,
  });
}

async function recordActivities(rig: Rig, n: number, offset = 0): Promise<void> {
  for (let i = 0; i < n; i++) expect((await recordActivity(rig, offset + i)).status).toBe(201);
}

function expectClean(row: { lost: number; duplicated: number; indicator: string }) {
  expect({ lost: row.lost, duplicated: row.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  expect(row.indicator).toMatch(/= source/);
}

afterAll(() => printTable());

describe('fault suite', () => {
  it('1. kill -9 of a reporting replica while 10,000 events flow (CSV import), then restart', async () => {
    const rig = new Rig('fa');
    try {
      await rig.up(['prevention', 'reporting', 'gateway']);
      expect(await importCsv(rig, 10_000)).toEqual({ status: 201, imported: 10_000 });
      const applied = () =>
        count(rig.db('reporting'), 'select count(*) as n from inbox where subject = $1', [ACTIVITY_SUBJECT]);
      await eventually(
        async () => {
          if ((await applied()) < 1_000) throw new Error('projection has not got going yet');
        },
        { timeoutMs: 60_000, intervalMs: 50 },
      );
      await rig.get('reporting').kill();
      const appliedAtKill = await applied();
      expect(appliedAtKill).toBeLessThan(10_000); // killed mid-projection
      await recordActivities(rig, 20); // written while one replica is dead (the other carries on)
      await rig.get('reporting').start(60_000);
      // Messages fetched but not acknowledged by the dead process return after ack_wait (ACK_WAIT_MS, 10 s).
      await settleActivities(rig, 150_000);
      const row = await reconcileActivities(
        rig,
        '1 kill -9 of a reporting replica mid-projection',
        `killed with ${appliedAtKill}/10000 applied; 20 written while it was down`,
      );
      expect(row).toMatchObject({ written: 10_020, events: 10_020, applied: 10_020 });
      expectClean(row);
    } finally {
      await rig.down();
    }
  }, 300_000);

  it('2. kill -9 of prevention between commit and publish, and between publish and mark', async () => {
    const rig = new Rig('fb');
    try {
      const outboxWaiting = () =>
        count(rig.db('prevention'), 'select count(*) as n from outbox where published_at is null');
      // (a) The relay claims the committed rows and dies before publishing any.
      await rig.up(['prevention', 'reporting', 'gateway'], {
        prevention: killAt(OUTBOX_CHANNELS.beforePublish),
      });
      const first = rig.get('prevention');
      expect(await importCsv(rig, 500)).toEqual({ status: 201, imported: 500 });
      // Dead, not merely slow to answer /health/live on a busy machine: the process's own exit.
      await eventually(() => expect(signalOf(first)).toBe('SIGKILL'), { timeoutMs: 15_000 });
      expect(await outboxWaiting()).toBe(500);
      expect(await readStream(rig, 'prevention')).toHaveLength(0);
      expect((await recordActivity(rig, 0)).status).toBe(503); // nobody answers while it is dead
      await rig.process('prevention').start(60_000);
      await settleActivities(rig);
      expect(await outboxWaiting()).toBe(0);

      // (b) The relay publishes a batch, JetStream acknowledges it, and it dies before marking it.
      await rig.get('prevention').stop();
      const second = rig.process('prevention', killAt(OUTBOX_CHANNELS.afterPublish));
      await second.start(60_000);
      expect(await importCsv(rig, 500)).toEqual({ status: 201, imported: 500 });
      // Dead, not merely slow to answer /health/live on a busy machine: the process's own exit.
      await eventually(() => expect(signalOf(second)).toBe('SIGKILL'), { timeoutMs: 15_000 });
      const waiting = await outboxWaiting();
      const inStream = (await readStream(rig, 'prevention')).length;
      // Published but not marked: the stream already holds events whose outbox rows still wait.
      expect(waiting).toBe(500);
      expect(inStream).toBeGreaterThan(500);
      await rig.process('prevention').start(60_000); // re-publishes them: JetStream drops the repeats
      await settleActivities(rig);
      const row = await reconcileActivities(
        rig,
        '2 kill -9 prevention: commit/publish, publish/mark',
        `(a) 500 claimed, 0 published at death; (b) ${inStream - 500} published, 0 marked at death`,
      );
      expect(row).toMatchObject({ written: 1_000, events: 1_000, applied: 1_000 });
      expectClean(row);
    } finally {
      await rig.down();
    }
  }, 240_000);

  it('3. NATS stopped for 30 s and restarted during writes', async () => {
    const rig = new Rig('fc');
    const nats = rig.nats;
    try {
      await rig.up(['prevention', 'reporting', 'gateway']);
      await recordActivities(rig, 20);
      expect(await importCsv(rig, 3_000)).toEqual({ status: 201, imported: 3_000 });
      await nats.pause(); // relay and projection are still busy with the import
      const outage: ApiResponse[] = [];
      const down = Date.now();
      // The gateway has noticed: writes from here on meet a broker that is gone.
      await eventually(async () => expect((await rig.api('GET', '/health/ready')).status).toBe(503), {
        timeoutMs: 15_000,
        intervalMs: 200,
      });
      for (let i = 0; i < 25 && Date.now() - down < OUTAGE_MS; i++) {
        outage.push(await recordActivity(rig, i));
        await sleep(1_000);
      }
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - down)));
      await nats.resume();
      await eventually(async () => expect((await rig.api('GET', '/health/ready')).status).toBe(200), {
        timeoutMs: 30_000,
        intervalMs: 500,
      });
      await eventually(async () => expect((await recordActivity(rig, 100)).status).toBe(201), {
        timeoutMs: 30_000,
        intervalMs: 500,
      });
      await recordActivities(rig, 19, 101);
      await settleActivities(rig);
      const statuses = [...new Set(outage.map((r) => r.status))];
      const slowest = Math.max(...outage.map((r) => r.ms));
      const row = await reconcileActivities(
        rig,
        '3 NATS down 30 s during writes',
        `${outage.length} writes while down: ${statuses.join('/')} in ≤${slowest} ms`,
      );
      expect(outage.length).toBeGreaterThanOrEqual(10);
      expect(statuses).toEqual([503]);
      expect(outage.every((r) => r.headers.get('retry-after'))).toBe(true);
      expect(slowest).toBeLessThan(5_000);
      expect(row).toMatchObject({ written: 3_040, events: 3_040, applied: 3_040 });
      expectClean(row);
    } finally {
      await rig.down();
    }
  }, 240_000);

  it('4. PostgreSQL of prevention unreachable for 30 s: 503 fast, nothing half-written, others unaffected', async () => {
    const proxy = await PgProxy.start();
    const rig = new Rig('fd');
    try {
      await rig.up(['prevention', 'rehab', 'reporting', 'gateway'], {
        prevention: { DATABASE_URL: proxy.url(rig.db('prevention')) },
      });
      const rehabToken = await tokens.rehab();
      const facility = (i: number) =>
        rig.api('POST', '/v1/rehab/facilities', {
          token: rehabToken,
          body: { name: `Klinik ${i}`, kind: 'clinic', regionCode: '31.72' },
        });
      let created = 0;
      let facilities = 0;
      for (let i = 0; i < 10; i++) {
        expect((await recordActivity(rig, i)).status).toBe(201);
        created += 1;
      }
      await proxy.down();
      const down = Date.now();
      const outage: ApiResponse[] = [];
      const rehabDuring: number[] = [];
      const readiness: number[] = [];
      for (let i = 0; i < 30 && Date.now() - down < OUTAGE_MS; i++) {
        const response = await recordActivity(rig, 20 + i);
        outage.push(response);
        if (response.status === 201) created += 1;
        const other = await facility(i);
        rehabDuring.push(other.status);
        if (other.status === 201) facilities += 1;
        readiness.push(
          (await fetch(`${rig.get('prevention').url}/health/ready`, { signal: AbortSignal.timeout(5_000) })).status,
        );
        await sleep(1_000);
      }
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - down)));
      await proxy.up();
      await eventually(
        async () => {
          const response = await recordActivity(rig, 60);
          expect(response.status).toBe(201);
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      created += 1;
      for (let i = 0; i < 9; i++) {
        expect((await recordActivity(rig, 61 + i)).status).toBe(201);
        created += 1;
      }
      await settleActivities(rig);
      const statuses = [...new Set(outage.map((r) => r.status))];
      const slowest = Math.max(...outage.map((r) => r.ms));
      const row = await reconcileActivities(
        rig,
        '4 prevention PostgreSQL down 30 s',
        `${outage.length} writes while down: ${statuses.join('/')} in ≤${slowest} ms; rehab ${facilities}/${rehabDuring.length} ok`,
      );
      expect(outage.length).toBeGreaterThanOrEqual(10);
      expect(statuses).toEqual([503]);
      expect(outage.every((r) => r.headers.get('retry-after'))).toBe(true);
      expect(slowest).toBeLessThan(5_000);
      expect(readiness).toContain(503);
      // Nothing half-written: exactly the answered writes exist, each with its one outbox event.
      expect(row.written).toBe(created);
      expect(await count(rig.db('prevention'), 'select count(*) as n from outbox')).toBe(created);
      // Rehab, on its own database, kept working throughout.
      expect(rehabDuring.every((s) => s === 201)).toBe(true);
      expect(await count(rig.db('rehab'), 'select count(*) as n from facility')).toBe(facilities);
      expectClean(row);
    } finally {
      await rig.down();
      await proxy.down();
    }
  }, 240_000);

  it('5. Redis restarted empty with report jobs queued and one running: each ends done exactly once', async () => {
    const redis = await PrivateRedisServer.start();
    const rig = new Rig('fe');
    try {
      await rig.up(['prevention', 'reporting', 'gateway'], {
        // Six reports of one analyst at once: above the default quota of five active per user.
        reporting: {
          REDIS_URL: redis.url,
          REPORT_CONCURRENCY: '1',
          RECONCILE_EVERY_MS: '2000',
          REPORT_QUOTA_ACTIVE: '20',
        },
      });
      expect(await importCsv(rig, 1_000)).toEqual({ status: 201, imported: 1_000 });
      await settleActivities(rig);
      const analyst = await tokens.analyst();
      // Seventeen reports asked at once: two workers of one job each leave most of them queued
      // while the first ones run, however fast a report is on this machine.
      const periods = [
        { year: 2024 },
        ...[1, 2, 3, 4].map((quarter) => ({ year: 2024, quarter })),
        ...Array.from({ length: 12 }, (_, i) => ({ year: 2024, month: i + 1 })),
      ];
      const accepted = await Promise.all(
        periods.map((period) =>
          rig.api('POST', '/v1/reports', { token: analyst, body: { kind: 'coordination', regionCode: 'ID', period } }),
        ),
      );
      expect(accepted.map((a) => a.status)).toEqual(periods.map(() => 202));
      const ids: string[] = accepted.map((a) => a.body.id);
      const states = () =>
        queryDb<{ id: string; status: string; generations: number }>(
          rig.db('reporting'),
          'select id, status, generations from report where id = any($1)',
          [ids],
        );
      const atRestart = await eventually(
        async () => {
          const rows = await states();
          if (!rows.some((r) => r.status === 'running')) throw new Error('no report is running yet');
          if (!rows.some((r) => r.status === 'queued')) throw new Error('no report is queued behind the running ones');
          return rows;
        },
        { timeoutMs: 30_000, intervalMs: 10 },
      );
      await redis.pause();
      await redis.resume();
      const tally = (status: string) => atRestart.filter((r) => r.status === status).length;
      const final = await eventually(
        async () => {
          const rows = await states();
          if (rows.length !== ids.length || rows.some((r) => r.status !== 'done'))
            throw new Error(rows.map((r) => r.status).join(','));
          return rows;
        },
        { timeoutMs: 150_000, intervalMs: 1_000 },
      ).catch(async () => states());
      const done = final.filter((r) => r.status === 'done').length;
      const duplicated = final.reduce((sum, r) => sum + Math.max(0, Number(r.generations) - 1), 0);
      recordRow({
        scenario: '5 Redis restarted empty, jobs queued+running',
        replicas: rig.reportingReplicas,
        written: ids.length,
        events: '-',
        applied: done,
        lost: ids.length - final.filter((r) => r.status === 'done' && Number(r.generations) >= 1).length,
        duplicated,
        indicator: 'generations = 1',
        note: `at restart: ${tally('running')} running, ${tally('queued')} queued, ${tally('done')} done`,
      });
      // Each reporting replica runs one job at a time (REPORT_CONCURRENCY 1): one or two run.
      expect(tally('running')).toBeGreaterThanOrEqual(1);
      expect(tally('running')).toBeLessThanOrEqual(Number(rig.reportingReplicas));
      expect(tally('queued')).toBeGreaterThanOrEqual(1);
      expect(final.map((r) => [r.status, Number(r.generations)])).toEqual(ids.map(() => ['done', 1]));
    } finally {
      await rig.down();
      await redis.stop();
    }
  }, 240_000);

  it('6. reporting down across two scheduled periods: each missed report generated exactly once', async () => {
    const rig = new Rig('ff');
    try {
      await rig.up(['reporting', 'gateway'], { reporting: { RECONCILE_EVERY_MS: '2000' } });
      const admin = await tokens.admin();
      for (const name of ['annual', 'quarterly']) {
        const off = await rig.api('PUT', `/v1/reporting/schedules/${name}`, {
          token: admin,
          body: { cron: '0 3 1 1 *', timeZone: SCHEDULE_TIME_ZONE, levels: ['national'], enabled: false },
        });
        expect(off.status).toBe(200);
      }
      const day = 24 * 3600 * 1000;
      const since = new Date(Date.now() - 40 * day);
      const put = await rig.api('PUT', '/v1/reporting/schedules/monthly', {
        token: admin,
        body: {
          cron: '0 2 1 * *',
          timeZone: SCHEDULE_TIME_ZONE,
          levels: ['national'],
          enabled: true,
          since: since.toISOString(),
        },
      });
      expect(put.status).toBe(200);
      const owedFrom = (from: Date) =>
        duePeriods('monthly', from, new Date(), SCHEDULE_TIME_ZONE).map(periodKey).sort();
      const reports = () =>
        queryDb<{ period_key: string; status: string; generations: number }>(
          rig.db('reporting'),
          `select period_key, status, generations from report where requested_by = 'schedule:monthly' order by period_key`,
        );
      const allDone = (keys: string[]) =>
        eventually(
          async () => {
            const rows = await reports();
            expect(rows.map((r) => r.period_key)).toEqual(keys);
            expect(rows.every((r) => r.status === 'done')).toBe(true);
            return rows;
          },
          { timeoutMs: 60_000, intervalMs: 500 },
        );
      const before = owedFrom(since);
      await allDone(before);

      // Reporting dies, both replicas; while it is down, two more closed months become owed
      // (since moves back). Both come back and both reconcile.
      const replicas = [...rig.procs.keys()].filter((name) => name.startsWith('reporting'));
      await Promise.all(replicas.map((name) => rig.get(name).kill()));
      const earlier = new Date(since.getTime() - 62 * day);
      await queryDb(rig.db('reporting'), `update schedule set since = $1 where name = 'monthly'`, [earlier]);
      const owed = owedFrom(earlier);
      expect(owed.length - before.length).toBeGreaterThanOrEqual(2);
      await Promise.all(replicas.map((name) => rig.get(name).start(60_000)));
      await allDone(owed).catch(() => undefined);
      // Two more rounds of every replica's reconciler, each of which must add nothing.
      const rounds = async () =>
        Promise.all(
          replicas.map(async (name) => {
            const text = await (await fetch(rig.get(name).metricsUrl)).text();
            const ok = /^sinergi_schedule_reconciliations_total\{outcome="ok"\} (\d+)/m.exec(text);
            return Number(ok?.[1] ?? 0);
          }),
        );
      const roundsThen = await rounds();
      await eventually(
        async () => {
          const now = await rounds();
          expect(now.every((n, i) => n >= (roundsThen[i] as number) + 2)).toBe(true);
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const rows = await reports();
      const keys = rows.map((r) => r.period_key);
      const duplicated =
        rows.reduce((sum, r) => sum + Math.max(0, Number(r.generations) - 1), 0) + (keys.length - new Set(keys).size);
      recordRow({
        scenario: '6 reporting down across 2 monthly periods',
        replicas: rig.reportingReplicas,
        written: owed.length,
        events: '-',
        applied: rows.filter((r) => r.status === 'done').length,
        lost: owed.filter((k) => !rows.some((r) => r.period_key === k && r.status === 'done')).length,
        duplicated,
        indicator: 'generations = 1',
        note: `owed ${before.join(',')} before; ${owed.filter((k) => !before.includes(k)).join(',')} missed while down`,
      });
      expect(rows.map((r) => [r.period_key, r.status, Number(r.generations)])).toEqual(owed.map((k) => [k, 'done', 1]));
    } finally {
      await rig.down();
    }
  }, 180_000);

  it('7. a poison event is dead-lettered after bounded deliveries, the stream flows on, an operator lists it', async () => {
    const rig = new Rig('fg');
    let nc: NatsConnection | undefined;
    try {
      await rig.up(['prevention', 'reporting', 'gateway']);
      // The spec plays enforcement: only its broker user may publish enforcement's events.
      nc = await rig.nats.connect('enforcement');
      const js = jetstream(nc);
      const envelope = (contract: { subject: string; version: number }, payload: object) => ({
        eventId: randomUUID(),
        type: contract.subject,
        version: contract.version,
        occurredAt: new Date().toISOString(),
        producer: 'enforcement',
        regionCode: '31.72',
        correlationId: 'fault-suite-poison',
        payload,
      });
      // Valid envelope, valid payload, but the projection throws: its case was never opened.
      const poison = EnforcementEvents.suspectRecorded.envelope.parse(
        envelope(EnforcementEvents.suspectRecorded, {
          suspectId: randomUUID(),
          caseId: randomUUID(),
          role: 'user',
          sex: 'male',
          ageBand: '25-29',
          nationality: 'ID',
        }),
      );
      const caseId = randomUUID();
      const healthy = EnforcementEvents.caseOpened.envelope.parse(
        envelope(EnforcementEvents.caseOpened, { caseId, regionCode: '31.72', agency: 'BNN', openedOn: '2024-06-01' }),
      );
      for (const event of [poison, healthy]) {
        await js.publish(rig.ns.names.subject(event.type), JSON.stringify(event), { msgID: event.eventId });
      }
      await recordActivities(rig, 50); // written through the gateway while the poison is retried
      const dead = await eventually(
        async () => {
          const rows = await queryDb<{ event_id: string; deliveries: number }>(
            rig.db('reporting'),
            'select event_id, deliveries from dead_letter where event_id = $1',
            [poison.eventId],
          );
          expect(rows).toHaveLength(1);
          return rows[0] as { event_id: string; deliveries: number };
        },
        { timeoutMs: 40_000, intervalMs: 500 },
      );
      expect(dead.deliveries).toBe(5);
      await eventually(async () =>
        expect(
          await count(rig.db('reporting'), 'select count(*) as n from fact where id = $1', [`case:${caseId}`]),
        ).toBe(1),
      );
      expect(
        await count(rig.db('reporting'), 'select count(*) as n from inbox where event_id = $1', [poison.eventId]),
      ).toBe(0);

      const listed = await rig.api('GET', '/v1/reporting/dead-letters?limit=10', { token: await tokens.admin() });
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({
          consumer: 'reporting',
          subject: EnforcementEvents.suspectRecorded.subject,
          eventId: poison.eventId,
          deliveries: 5,
          error: expect.stringContaining('is not projected yet'),
        }),
      ]);
      expect(listed.body.items[0]).not.toHaveProperty('data');
      expect((await rig.api('GET', '/v1/reporting/dead-letters', { token: await tokens.analyst() })).status).toBe(403);

      await settleActivities(rig);
      const row = await reconcileActivities(
        rig,
        '7 poison event',
        `dead-lettered after ${dead.deliveries} deliveries, listed at GET /v1/reporting/dead-letters; next event applied`,
      );
      expect(row).toMatchObject({ written: 50, events: 50, applied: 50 });
      expectClean(row);
    } finally {
      await nc?.close();
      await rig.down();
    }
  }, 180_000);

  it('8. one Idempotency-Key retried across a gateway restart (kill -9 and clean stop): one record', async () => {
    const rig = new Rig('fh');
    try {
      await rig.up(['prevention', 'reporting', 'gateway']);
      const gateway = rig.get('gateway');
      for (const [i, how] of [
        [0, 'kill'],
        [1, 'stop'],
      ] as const) {
        const headers = { 'idempotency-key': `fault-8-${how}-${rig.ns.id}` };
        const first = await recordActivity(rig, i, headers);
        expect(first.status).toBe(201);
        if (how === 'kill') await gateway.kill();
        else await gateway.stop();
        await gateway.start(60_000);
        const retry = await recordActivity(rig, i, headers);
        expect(retry.status).toBe(201);
        expect(retry.body).toEqual(first.body);
        expect(retry.headers.get('idempotent-replay')).toBe('true');
      }
      await settleActivities(rig);
      const row = await reconcileActivities(
        rig,
        '8 Idempotency-Key across gateway restart',
        '2 keys x 2 requests; restart by kill -9 and by SIGTERM; replayed',
      );
      expect(row).toMatchObject({ written: 2, events: 2, applied: 2 });
      expectClean(row);
    } finally {
      await rig.down();
    }
  }, 120_000);

  it('9. reporting killed between a submit and its event, and late events during an approval', async () => {
    const rig = new Rig('fi');
    try {
      // One reporting process, whose relay dies after it has claimed the submission's event.
      await rig.up(
        ['prevention', 'reporting', 'gateway'],
        { reporting: killAt(OUTBOX_CHANNELS.beforePublish) },
        { reporting: 1 },
      );
      const bnnk = await token({ roles: ['admin'], region: '31.72', agency: 'BNN', sub: 'admin-bnnk' });
      const bnnp = await token({ roles: ['admin'], region: '31', agency: 'BNN', sub: 'admin-bnnp' });
      const act = (who: string, action: string) =>
        rig.api('POST', `/v1/reporting/approvals/${action}`, {
          token: who,
          body: { regionCode: '31.72', period: { year: 2024 } },
        });
      const waiting = () => count(rig.db('reporting'), 'select count(*) as n from outbox where published_at is null');
      await recordActivities(rig, 5);
      await settleActivities(rig);
      const dying = rig.get('reporting');
      expect((await act(bnnk, 'submit')).status).toBe(200);
      await eventually(() => expect(signalOf(dying)).toBe('SIGKILL'), { timeoutMs: 15_000 });
      expect(await waiting()).toBe(1);
      expect(await readStream(rig, 'reporting')).toHaveLength(0);
      await rig.process('reporting').start(60_000);
      await eventually(async () => expect(await waiting()).toBe(0), { timeoutMs: 30_000 });

      // Two approvals at once (a retried click) while activities are written, then five more.
      const [a, b] = await Promise.all([act(bnnp, 'approve'), act(bnnp, 'approve'), recordActivities(rig, 10, 5)]);
      expect([a?.status, b?.status].sort()).toEqual([200, 409]);
      await recordActivities(rig, 5, 15);
      await settleActivities(rig);
      await eventually(async () => expect(await waiting()).toBe(0), { timeoutMs: 30_000 });
      const events = await readStream(rig, 'reporting');
      const steps = await queryDb<{ action: string }>(
        rig.db('reporting'),
        "select action from approval_step where region_code = '31.72' order by id",
      );
      const approval = (await rig.api('GET', '/v1/reporting/approvals?regionCode=31.72&year=2024', { token: bnnp }))
        .body;
      const live = await indicatorValue(rig, 'prevention.activities', '31.72');
      const [frozen] = await queryDb<{ value: number }>(
        rig.db('reporting'),
        `select (i->>'value')::float8 as value from period_approval, jsonb_array_elements(frozen->'indicators') i
         where region_code = '31.72' and i->>'code' = 'prevention.activities'`,
      );
      const late = approval.lateCorrections.find((c: { code: string }) => c.code === 'prevention.activities');
      const unique = new Set(events.map((e) => e.eventId)).size;
      const row = recordRow({
        scenario: '9 reporting killed: submit/event; late events in approval',
        replicas: 1,
        written: steps.length,
        events: events.length,
        applied: steps.length,
        lost: Math.max(0, steps.length - unique),
        duplicated: events.length - unique + Math.max(0, approval.frozenVersion - 1),
        indicator: `frozen ${frozen?.value} + late ${late?.delta ?? 0} = live ${live} ${(frozen?.value ?? 0) + (late?.delta ?? 0) === live ? '= source' : '≠'}`,
        note: 'relay killed after the submit committed; 2 approvals at once with 10 activities written; 5 after',
      });
      expect(steps.map((s) => s.action)).toEqual(['submit', 'approve']);
      expect(events.map((e) => e.subject)).toEqual(['reporting.period.submitted.v1', 'reporting.period.approved.v1']);
      expect([approval.state, approval.frozenVersion]).toEqual(['approved', 1]);
      expect(live).toBe(20);
      expect(late?.delta).toBeGreaterThanOrEqual(5);
      expectClean(row);
    } finally {
      await rig.down();
    }
  }, 240_000);
});
