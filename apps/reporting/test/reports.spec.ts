/**
 * Targets, report jobs and schedules on real PostgreSQL, NATS and a private Redis that the
 * test restarts (losing every key): reports end done once, schedules owe each period once.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { RehabEvents } from '@sinergi/contracts';
import { eventually, PrivateRedisServer, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { client, TEST_JWT_SECRET, token } from '../../../test/support/http.js';
import { queryDb } from '../../../test/support/pg.js';
import { reportId } from '../src/reports/report-key.js';

const ns = new TestNamespace('j');
let redis: PrivateRedisServer;
let reporting: ServiceProcess;
const gateway = new ServiceProcess('gateway', ns.env('gateway', { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1' }));
const api = client(() => gateway.url);
/** The spec plays rehab: it publishes admissions as rehab's broker user. */
let nc: NatsConnection;
/** Every admission the spec publishes: 118 + 2 + 3 + 4 × 40 + 6. */
const TOTAL = 289;
let analyst: string;
let admin: string;

async function admit(regionCode: string, admittedOn: string, count: number) {
  const js = jetstream(nc);
  for (let i = 0; i < count; i++) {
    const event = {
      eventId: randomUUID(),
      type: RehabEvents.clientAdmitted.subject,
      version: RehabEvents.clientAdmitted.version,
      occurredAt: new Date().toISOString(),
      producer: 'rehab',
      regionCode,
      correlationId: 'reports-spec',
      payload: {
        admissionId: randomUUID(),
        clientId: randomUUID(),
        facilityId: randomUUID(),
        facilityKind: 'clinic',
        program: i % 3 === 0 ? 'inpatient' : 'outpatient',
        source: 'voluntary',
        primarySubstance: 'methamphetamine',
        admittedOn,
        ageBand: '25-29',
        sex: i % 2 === 0 ? 'male' : 'female',
        referralRef: null,
      },
    };
    await js.publish(ns.names.subject(event.type), JSON.stringify(event), { msgID: event.eventId });
  }
}

async function waitDone(id: string) {
  return eventually(
    async () => {
      const report = await api('GET', `/v1/reports/${id}`, { token: analyst });
      expect(report.body.status).toBe('done');
      return report.body;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
}

beforeAll(async () => {
  redis = await PrivateRedisServer.start();
  reporting = new ServiceProcess(
    'reporting',
    ns.env('reporting', { REDIS_URL: redis.url, RECONCILE_EVERY_MS: '2000' }),
  );
  await ns.start();
  ns.migrate(['reporting']);
  nc = await ns.broker.connect('rehab');
  await Promise.all([reporting.start(), gateway.start()]);
  analyst = await token({ roles: ['analyst'], region: 'ID' });
  admin = await token({ roles: ['admin'], region: 'ID' });
  await admit('31.72', '2024-03-01', 118);
  await admit('31.72.01.1001', '2024-04-01', 2);
  await admit('31.73', '2024-06-01', 3);
  // The rest of DKI Jakarta through the year, as a real province looks: small cells are the
  // exception, so protecting them costs a few cells, not Jakarta Utara's own figures.
  for (const regency of ['31.71', '31.73', '31.74', '31.75'])
    for (const date of ['2024-02-10', '2024-05-10', '2024-08-10', '2024-11-10']) await admit(regency, date, 10);
  await admit('31.01', '2024-07-01', 6);
}, 90_000);

afterAll(async () => {
  await Promise.all([reporting?.stop(), gateway.stop()]);
  await nc?.close();
  await redis?.stop();
  await ns.cleanup(['reporting']);
}, 60_000);

describe('targets and achievement', () => {
  it('shows 120 of 100 as 120 % (118 at Jakarta Utara itself and 2 in one of its villages)', async () => {
    const set = await api('PUT', '/v1/reporting/targets', {
      token: analyst,
      body: { regionCode: '31.72', year: 2024, indicator: 'rehab.admissions', target: 100 },
    });
    expect(set.status).toBe(200);
    await eventually(async () => {
      const live = await api('GET', '/v1/reporting/indicators?regionCode=31.72&year=2024', { token: analyst });
      expect(live.body.indicators[0]).toMatchObject({ value: 120, target: 100, achievementPct: 120 });
    });
  });

  it('reads back what was set, and counts less as better where less is better', async () => {
    const targets = await api('GET', '/v1/reporting/targets?regionCode=31.72&year=2024', { token: analyst });
    expect(targets.status).toBe(200);
    expect(targets.body.items).toEqual([
      expect.objectContaining({ regionCode: '31.72', year: 2024, indicator: 'rehab.admissions', target: 100 }),
    ]);
    // A ceiling of 10 drop-outs in DKI and none so far: better than the target, not 0 %.
    const set = await api('PUT', '/v1/reporting/targets', {
      token: analyst,
      body: { regionCode: '31', year: 2024, indicator: 'rehab.dropped_out', target: 10 },
    });
    expect(set.status).toBe(200);
    const live = await api('GET', '/v1/reporting/indicators?regionCode=31&year=2024', { token: analyst });
    expect(live.body.indicators.find((i: { code: string }) => i.code === 'rehab.dropped_out')).toMatchObject({
      value: 0,
      target: 10,
      achievementPct: 200,
      direction: 'lower',
    });
  });

  it('refuses an unknown indicator (400) and an unknown region (422)', async () => {
    const unknown = await api('PUT', '/v1/reporting/targets', {
      token: analyst,
      body: { regionCode: '31.72', year: 2024, indicator: 'rehab.nothing', target: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('indicator');
    const region = await api('PUT', '/v1/reporting/targets', {
      token: analyst,
      body: { regionCode: '31.99', year: 2024, indicator: 'rehab.admissions', target: 1 },
    });
    expect(region.status).toBe(422);
  });
});

describe('report jobs', () => {
  it('goes from 202 to done, with children, suppression and both exports', async () => {
    await eventually(async () => {
      const live = await api('GET', '/v1/reporting/indicators?regionCode=31&year=2024', { token: analyst });
      expect(live.body.indicators[0].value).toBe(TOTAL);
    });
    const accepted = await api('POST', '/v1/reports', {
      token: analyst,
      body: { kind: 'coordination', regionCode: '31.72', period: { year: 2024 } },
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body.status).toMatch(/queued|running|done/);
    const report = await waitDone(accepted.body.id);
    expect(report.progress).toBe(100);
    const admissions = report.result.indicators.find((i: { code: string }) => i.code === 'rehab.admissions');
    expect(admissions).toMatchObject({ value: 120, target: 100, achievementPct: 120, suppressed: false });
    const penjaringan = report.result.children.find((c: { regionCode: string }) => c.regionCode === '31.72.01');
    // 2 admissions in Penjaringan district: below province level, published as "<5".
    expect(penjaringan.values['rehab.admissions']).toEqual({ value: null, display: '<5', suppressed: true });
    // And another cell hides with it, so that 120 minus the visible ones does not give it away.
    const hiddenCells = [
      ...report.result.children.map((c: any) => c.values['rehab.admissions']),
      ...Object.values(report.result.unattributed),
    ].filter((c: any) => c.suppressed);
    expect(hiddenCells.length).toBeGreaterThanOrEqual(2);

    const csv = await fetch(`${gateway.url}/v1/reports/${accepted.body.id}/export?format=csv`, {
      headers: { authorization: `Bearer ${analyst}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const csvText = await csv.text();
    const lines = csvText.trimEnd().split('\n');
    // The first eight columns are those the export always had; the section and breakdown follow.
    expect(lines[0]).toBe(
      'region_code,region_name,period,indicator,value,suppressed,target,achievement_pct,section,dimension,key,display,unit',
    );
    const jakut = '31.72,Kota Administrasi Jakarta Utara,2024';
    expect(lines).toContain(`${jakut},rehab.admissions,120,false,100,120,indicator,,,120,count`);
    // Every breakdown of the report, as the report shows it: all 120 admissions were methamphetamine.
    expect(admissions.breakdowns.substance.methamphetamine).toEqual({ value: 120, display: '120', suppressed: false });
    expect(lines).toContain(`${jakut},rehab.admissions,120,false,,,breakdown,substance,methamphetamine,120,count`);
    for (const [dimension, cells] of Object.entries(admissions.breakdowns as Record<string, Record<string, any>>))
      for (const [key, cell] of Object.entries(cells))
        expect(lines).toContain(
          `${jakut},rehab.admissions,${cell.suppressed ? cell.display : cell.value},${cell.suppressed},,,breakdown,${dimension},${key},${cell.display},count`,
        );
    // The coordination section, each figure as the report gives it ("–" where it gives none).
    const coordination = Object.entries(report.result.coordination as Record<string, number | null>);
    expect(coordination.length).toBeGreaterThan(5);
    for (const [key, value] of coordination)
      expect(lines).toContain(
        value === null
          ? `${jakut},,–,true,,,coordination,,${key},–,`
          : `${jakut},,${value},false,,,coordination,,${key},${value},`,
      );
    expect(report.result.coordination.assessmentsRequested).toBe(0);
    expect(lines).toContain(`${jakut},,0,false,,,coordination,,assessmentsRequested,0,`);
    // Penjaringan's 2 admissions appear as the report shows them, "<5", and nowhere as a count.
    const penjaringanRows = lines.filter((l) => l.startsWith('31.72.01,Penjaringan,2024,rehab.admissions,'));
    expect(penjaringanRows).toEqual(['31.72.01,Penjaringan,2024,rehab.admissions,<5,true,,,child,,,<5,count']);
    // Every hidden cell of the report stays hidden in the file: no suppressed row carries a number.
    const suppressedRows = lines.slice(1).filter((l) => l.split(',')[5] === 'true');
    expect(suppressedRows.length).toBeGreaterThanOrEqual(hiddenCells.length);
    for (const row of suppressedRows) {
      const [, , , , value, , , achievement, , , , display] = row.split(',');
      expect([value, display, achievement]).toEqual([display, expect.stringMatching(/^(<5|x|–)$/), '']);
    }

    for (const [lang, title] of [
      ['id', 'Laporan koordinasi'],
      ['en', 'Coordination report'],
    ]) {
      const html = await fetch(`${gateway.url}/v1/reports/${accepted.body.id}/export?format=html&lang=${lang}`, {
        headers: { authorization: `Bearer ${analyst}` },
      });
      expect(html.headers.get('content-type')).toMatch(/text\/html/);
      const page = await html.text();
      expect(page).toContain(title);
      // Its charts are inline SVG, and it has nothing to run or load (the tags are spelt as regex groups).
      expect(page).toMatch(/<(svg)\s/);
      expect(page).not.toMatch(/<(script|link)|src="http/);
    }
  });

  it('a rerun replaces the snapshot instead of adding one', async () => {
    const body = { kind: 'coordination', regionCode: '31.73', period: { year: 2024 } };
    const first = await api('POST', '/v1/reports', { token: analyst, body });
    await waitDone(first.body.id);
    const again = await api('POST', '/v1/reports', { token: analyst, body });
    expect(again.body.id).toBe(first.body.id);
    await eventually(async () => {
      const [row] = await queryDb<{ generations: number; status: string }>(
        ns.databaseUrl('reporting'),
        'select generations, status from report where id = $1',
        [first.body.id],
      );
      expect(row).toEqual({ generations: 2, status: 'done' });
    });
    const rows = await queryDb(ns.databaseUrl('reporting'), `select 1 from report where region_code = '31.73'`);
    expect(rows).toHaveLength(1);
  });

  it('retries a job that keeps failing with backoff, then marks it failed with its reason', async () => {
    // A row for a region the directory does not know: the builder throws on every attempt.
    const id = reportId('coordination', '99.99', { year: 2024 });
    await queryDb(
      ns.databaseUrl('reporting'),
      `insert into report (id, kind, region_code, period_key, version, status, progress, requested_by, requested_at, generations)
       values ($1, 'coordination', '99.99', '2024', 1, 'queued', 0, 'tester', now(), 0)`,
      [id],
    );
    const failed = await eventually(
      async () => {
        const [row] = await queryDb<{ status: string; error: string | null; generations: number }>(
          ns.databaseUrl('reporting'),
          'select status, error, generations from report where id = $1',
          [id],
        );
        expect(row?.status).toBe('failed');
        return row;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(failed?.error).toMatch(/unknown region 99.99/);
    expect(failed?.generations).toBe(0);
  });

  it('refuses a future period (400), an unknown region (422), a missing report (404)', async () => {
    expect(
      (
        await api('POST', '/v1/reports', {
          token: analyst,
          body: { kind: 'coordination', regionCode: '31', period: { year: 2099 } },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await api('POST', '/v1/reports', {
          token: analyst,
          body: { kind: 'coordination', regionCode: '99', period: { year: 2024 } },
        })
      ).status,
    ).toBe(422);
    expect((await api('GET', `/v1/reports/${randomUUID()}`, { token: analyst })).status).toBe(404);
  });
});

describe('TDI export', () => {
  it('tabulates treatment episodes of the year in the TDI shape, and publishes no table below province level', async () => {
    const national = await api('GET', '/v1/reports/tdi?year=2024', { token: analyst });
    expect(national.status).toBe(200);
    expect(national.body).toMatchObject({
      protocol: 'EMCDDA TDI 3.0',
      version: 2,
      year: 2024,
      regionCode: 'ID',
      episodes: { value: TOTAL },
    });
    // Rows and columns carry TDI's codes (apps/reporting/src/reports/tdi-codes.ts), Sinergi's value beside.
    const bySex = national.body.tables.find((t: any) => t.id === 'primary_drug_by_sex');
    expect(bySex).toMatchObject({
      rowItem: { id: 'primary_drug', name: 'Primary drug', codes: 'numbered' },
      columnItem: { id: 'sex', codes: 'named' },
      columns: ['Males', 'Females'],
    });
    expect(bySex.rows.map((r: any) => [r.key, r.label, r.sinergiValues])).toEqual([
      ['3.2', 'methamphetamines', ['methamphetamine']],
    ]);
    const meth = bySex.rows[0];
    expect(meth.total.value).toBe(TOTAL);
    expect((meth.cells.Males.value as number) + (meth.cells.Females.value as number)).toBe(TOTAL);
    const referral = national.body.tables.find((t: any) => t.id === 'referral_source');
    expect(referral.columns).toEqual(['Outpatient treatment centres', 'Inpatient treatment centres']);
    expect(referral.rows.map((r: any) => [r.key, r.sinergiValues, r.total.value])).toEqual([
      ['6', ['voluntary'], TOTAL],
    ]);
    const byAge = national.body.tables.find((t: any) => t.id === 'age_by_primary_drug');
    expect(byAge.columnValues).toEqual([
      { code: '3.2', label: 'methamphetamines', sinergiValues: ['methamphetamine'] },
    ]);
    expect(byAge.rows.map((r: any) => r.key)).toEqual(['25-29']);
    expect(national.body.tables.map((t: any) => t.id)).toEqual([
      'centre_type',
      'referral_source',
      'primary_drug_by_sex',
      'age_by_primary_drug',
    ]);

    // Below province level every crossed cell is bound by the breakdowns published beside it:
    // none of the tables is published (they were solved from their margins when they were).
    for (const region of ['31.73', '31.72']) {
      const below = await api('GET', `/v1/reports/tdi?year=2024&regionCode=${region}`, { token: analyst });
      expect(below.body.episodes).toEqual({ value: null, display: '–', suppressed: true });
      expect(below.body.tables.every((t: any) => t.rows.length === 0)).toBe(true);
    }
  });

  it('refuses a year that has not started (400) and a region outside the caller (404)', async () => {
    expect((await api('GET', '/v1/reports/tdi?year=2099', { token: analyst })).status).toBe(400);
    const officer = await token({ roles: ['analyst'], region: '31.72' });
    expect((await api('GET', '/v1/reports/tdi?year=2024&regionCode=31.73', { token: officer })).status).toBe(404);
  });
});

describe('schedules', () => {
  it('lists the three schedules in Asia/Jakarta', async () => {
    const list = await api('GET', '/v1/reporting/schedules', { token: analyst });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['annual', 'monthly', 'quarterly']);
    expect(list.body.items.every((s: { timeZone: string }) => s.timeZone === 'Asia/Jakarta')).toBe(true);
  });

  it('only a national admin changes a schedule', async () => {
    const put = await api('PUT', '/v1/reporting/schedules/monthly', {
      token: analyst,
      body: { cron: '0 2 1 * *', timeZone: 'Asia/Jakarta', levels: ['national'], enabled: true },
    });
    expect(put.status).toBe(403);
  });

  it('generates each missed period once, across a restart of reporting and of Redis', async () => {
    const since = new Date(Date.now() - 80 * 24 * 3600 * 1000).toISOString();
    // Quiet the other schedules so that only this one owes reports.
    for (const name of ['annual', 'quarterly']) {
      await api('PUT', `/v1/reporting/schedules/${name}`, {
        token: admin,
        body: { cron: '0 3 1 1 *', timeZone: 'Asia/Jakarta', levels: ['national'], enabled: false },
      });
    }
    const put = await api('PUT', '/v1/reporting/schedules/monthly', {
      token: admin,
      body: { cron: '0 2 1 * *', timeZone: 'Asia/Jakarta', levels: ['national'], enabled: true, since },
    });
    expect(put.status).toBe(200);
    const owed = async () =>
      queryDb<{ period_key: string; status: string; generations: number }>(
        ns.databaseUrl('reporting'),
        `select period_key, status, generations from report where requested_by = 'schedule:monthly' order by period_key`,
      );
    const done = await eventually(
      async () => {
        const rows = await owed();
        expect(rows.length).toBeGreaterThanOrEqual(2);
        expect(rows.every((r) => r.status === 'done')).toBe(true);
        return rows;
      },
      { timeoutMs: 30_000 },
    );

    // Reporting and Redis go down; Redis comes back empty.
    await reporting.stop();
    await redis.pause();
    await redis.resume();
    await reporting.start();
    // Give the reconciler (every 2 s here) several rounds to do anything it wrongly thinks is owed.
    const marker = await api('POST', '/v1/reports', {
      token: analyst,
      body: { kind: 'coordination', regionCode: '31.74', period: { year: 2024 } },
    });
    await waitDone(marker.body.id);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(await owed()).toEqual(done.map((r) => ({ ...r, generations: 1 })));
  });

  it('a report queued when Redis lost its keys still ends done exactly once', async () => {
    const id = reportId('coordination', '32', { year: 2024, quarter: 2 });
    // Accepted earlier, its job then lost with Redis: only the database remembers it.
    await reporting.stop();
    await queryDb(
      ns.databaseUrl('reporting'),
      `insert into report (id, kind, region_code, period_key, version, status, progress, requested_by, requested_at, generations)
       values ($1, 'coordination', '32', '2024-Q2', 1, 'queued', 0, 'tester', now(), 0)`,
      [id],
    );
    await redis.pause();
    await redis.resume();
    await reporting.start();
    const report = await waitDone(id);
    expect(report.regionCode).toBe('32');
    const [row] = await queryDb<{ generations: number }>(
      ns.databaseUrl('reporting'),
      'select generations from report where id = $1',
      [id],
    );
    expect(row?.generations).toBe(1);
  });
});
