/**
 * Reporting on real infrastructure: rehab.client.admitted events published to the REHAB
 * stream become facts, roll up by region and period, and count once however often they arrive.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { RehabEvents } from '@sinergi/contracts';
import { eventually, REPO_ROOT } from '@sinergi/runtime/testing';
import { client, token } from '../../../test/support/http.js';
import { queryDb } from '../../../test/support/pg.js';
import { TestStack } from '../../../test/support/stack.js';

const stack = new TestStack('r', { services: ['reporting', 'gateway'] });
const ns = stack.ns;
const api = client(() => stack.gateway.url);
/** The spec plays rehab: it publishes admissions as rehab's broker user. */
let nc: NatsConnection;
let analyst: string;

function admitted(regionCode: string, admittedOn: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: randomUUID(),
    type: RehabEvents.clientAdmitted.subject,
    version: RehabEvents.clientAdmitted.version,
    occurredAt: new Date().toISOString(),
    producer: 'rehab',
    regionCode,
    correlationId: 'reporting-spec',
    payload: {
      admissionId: randomUUID(),
      clientId: randomUUID(),
      facilityId: randomUUID(),
      facilityKind: 'clinic',
      program: 'outpatient',
      source: 'voluntary',
      primarySubstance: 'methamphetamine',
      admittedOn,
      ageBand: '20-24',
      sex: 'male',
      referralRef: null,
      ...overrides,
    },
  };
}

async function publish(event: { eventId: string }, msgId = event.eventId) {
  await jetstream(nc).publish(ns.names.subject(RehabEvents.clientAdmitted.subject), JSON.stringify(event), {
    msgID: msgId,
  });
}

/** What the live indicators publish (below province level, small treatment counts are hidden). */
async function admissions(query: string) {
  const response = await api('GET', `/v1/reporting/indicators?${query}`, { token: analyst });
  expect(response.status).toBe(200);
  return response.body.indicators.find((i: { code: string }) => i.code === 'rehab.admissions');
}

/** What the projection stored: admissions facts under a region code prefix in a date range. */
async function stored(prefix: string, from: string, to: string): Promise<number> {
  const [row] = await queryDb<{ n: string }>(
    ns.databaseUrl('reporting'),
    `select count(*) as n from fact where indicator = 'rehab.admissions' and (region_code = $1 or region_code like $1 || '.%')
       and occurred_on >= $2 and occurred_on < $3`,
    [prefix, from, to],
  );
  return Number(row?.n);
}
const year = (y: number) => [`${y}-01-01`, `${y + 1}-01-01`] as const;

beforeAll(async () => {
  await stack.start();
  nc = await ns.broker.connect('rehab');
  analyst = await token({ roles: ['analyst'], region: 'ID' });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await stack.stop();
});

describe('reporting projections', () => {
  it('counts admissions by region level and period, with breakdowns', async () => {
    await publish(admitted('31.72', '2024-02-10'));
    await publish(admitted('31.72.01.1001', '2024-05-02', { program: 'inpatient', sex: 'female', ageBand: '15-19' }));
    await publish(admitted('31.73', '2024-11-30'));
    await publish(admitted('16.73', '2022-03-01'));
    await eventually(async () => expect((await admissions('regionCode=ID&year=2024')).value).toBe(3));

    // A province and the nation publish their counts as they are, breakdowns too.
    const dki = await admissions('regionCode=31&year=2024');
    expect(dki).toMatchObject({ value: 3, breakdowns: { program: { outpatient: 2, inpatient: 1 } } });
    expect((await admissions('regionCode=31&year=2024&quarter=2')).value).toBe(1);
    expect((await admissions('regionCode=31&year=2024&month=11')).value).toBe(1);
    expect((await admissions('regionCode=16&year=2022')).value).toBe(1);
    expect(dki.label).toBe('Clients admitted to rehabilitation');
    expect(dki.labelId).toBe('Klien yang masuk rehabilitasi');
    // What the projection stored, at every level and period.
    expect(await stored('31.72', ...year(2024))).toBe(2);
    expect(await stored('31.72.01', ...year(2024))).toBe(1);
    expect(await stored('31.72.01.1001', ...year(2024))).toBe(1);
    expect(await stored('31.72', '2024-01-01', '2024-04-01')).toBe(1);
    expect(await stored('16.73', ...year(2022))).toBe(1);
    // Below province level the same counts are small: hidden, and so are their breakdowns.
    const jakut = await admissions('regionCode=31.72&year=2024');
    expect(jakut).toMatchObject({ value: null, suppressed: true, achievementPct: null });
    expect(jakut.breakdowns.program).toEqual({});
    expect(jakut.hidden.program.sort()).toEqual(['inpatient', 'outpatient']);
    // A regency's month, a village: not published at all.
    for (const query of ['regionCode=31.72&year=2024&month=5', 'regionCode=31.72.01.1001&year=2024']) {
      expect(await admissions(query)).toMatchObject({ value: null, suppressed: true, breakdowns: {} });
    }
  });

  it('counts an event delivered twice once', async () => {
    const before = (await admissions('regionCode=31&year=2024')).value;
    const event = admitted('31.74', '2024-07-01');
    await publish(event);
    await publish(event, `${event.eventId}-redelivered`);
    await eventually(async () => expect((await admissions('regionCode=31&year=2024')).value).toBe(before + 1));
    // Give a wrongly applied duplicate time to show up, then check again.
    const marker = admitted('31.74', '2023-01-01');
    await publish(marker);
    await eventually(async () => expect(await stored('31.74', ...year(2023))).toBe(1));
    expect(await stored('31.74', ...year(2024))).toBe(1);
    expect((await admissions('regionCode=31&year=2024')).value).toBe(before + 1);
  });

  it('refuses an unknown region (422), a future period (400) and a malformed query (400)', async () => {
    expect((await api('GET', '/v1/reporting/indicators?regionCode=31.99&year=2024', { token: analyst })).status).toBe(
      422,
    );
    expect((await api('GET', '/v1/reporting/indicators?regionCode=31&year=2099', { token: analyst })).status).toBe(400);
    const malformed = await api('GET', '/v1/reporting/indicators?regionCode=31&year=2024&month=13&quarter=1', {
      token: analyst,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path)).toContain('month');
  });

  it('answers an officer about their own region only, like a missing one elsewhere', async () => {
    const officer = await token({ roles: ['rehab_officer'], region: '31.72' });
    expect((await api('GET', '/v1/reporting/indicators?regionCode=31.72&year=2024', { token: officer })).status).toBe(
      200,
    );
    expect((await api('GET', '/v1/reporting/indicators?regionCode=31.73&year=2024', { token: officer })).status).toBe(
      404,
    );
  });

  it('moves a corrected fact between regions and periods by its difference; verify agrees and can disagree', async () => {
    const first = admitted('31.75', '2024-02-10');
    const dki2023 = (await admissions('regionCode=31&year=2023')).value;
    await publish(first);
    await eventually(async () => expect(await stored('31.75', ...year(2024))).toBe(1));
    // The same admission again, corrected by a later event: it happened in Jakarta Timur in 2023.
    const corrected = { ...admitted('31.71', '2023-11-30'), payload: { ...first.payload, admittedOn: '2023-11-30' } };
    await publish(corrected);
    await eventually(async () => expect(await stored('31.71', ...year(2023))).toBe(1));
    expect(await stored('31.75', ...year(2024))).toBe(0);
    expect((await admissions('regionCode=31&year=2023')).value).toBe(dki2023 + 1);
    // The older event delivered again (past JetStream's duplicate window) changes nothing.
    await publish(first, `again-${first.eventId}`);
    const verify = () =>
      spawnSync(process.execPath, [join(REPO_ROOT, 'apps/reporting/dist/verify.js')], {
        env: { ...process.env, ...ns.env('reporting') },
        encoding: 'utf8',
        timeout: 60_000,
      });
    await eventually(async () => {
      expect(await stored('31.75', ...year(2024))).toBe(0);
      expect(await stored('31.71', ...year(2023))).toBe(1);
      const ok = verify();
      expect({ status: ok.status, out: ok.stdout.slice(-300) }).toMatchObject({ status: 0 });
    });
    // An aggregate tampered with is caught.
    await queryDb(ns.databaseUrl('reporting'), `update fact_month set value = value + 1 where area_code = '31.71'`);
    const bad = verify();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/aggregate differs from the facts/);
    await queryDb(ns.databaseUrl('reporting'), `update fact_month set value = value - 1 where area_code = '31.71'`);
    expect(verify().status).toBe(0);
  });

  it('npm run reporting:rebuild drops the projections and replays the streams to the same figures', async () => {
    const queries = [
      'regionCode=ID&year=2024',
      'regionCode=31&year=2024',
      'regionCode=31&year=2023',
      'regionCode=16&year=2022',
    ];
    const before = await Promise.all(queries.map((q) => admissions(q)));
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'apps/reporting/dist/rebuild.js')], {
      env: { ...process.env, ...ns.env('reporting') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/projections rebuilt/);
    const after = await Promise.all(queries.map((q) => admissions(q)));
    expect(after).toEqual(before);
    expect(before[0].value).toBeGreaterThan(0);
    expect(await stored('31.71', ...year(2023))).toBe(1); // the correction replays too
  });
});
