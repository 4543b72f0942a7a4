/**
 * Geography editions on real infrastructure (docs/operations.md, "Geography editions"): rehab
 * admissions recorded with the codes of 2022 (Kota Sorong 92.71, Raja Ampat 92.05, in Papua
 * Barat) and of 2025 (96.71, 96.03, in Papua Barat Daya) keep their codes, and the indicators
 * read them in the edition asked for: one continuous trend in the current one, Papua Barat
 * with Sorong in 2022's codes and without it in 2025's.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { RehabEvents } from '@sinergi/contracts';
import { eventually } from '@sinergi/runtime/testing';
import { client, token } from '../../../test/support/http.js';
import { queryDb } from '../../../test/support/pg.js';
import { TestStack } from '../../../test/support/stack.js';

const stack = new TestStack('geo', { services: ['reporting', 'gateway'] });
const ns = stack.ns;
const api = client(() => stack.gateway.url);
/** The spec plays rehab: it publishes admissions as rehab's broker user. */
let nc: NatsConnection;
let analyst: string;

function admitted(regionCode: string, admittedOn: string) {
  return {
    eventId: randomUUID(),
    type: RehabEvents.clientAdmitted.subject,
    version: RehabEvents.clientAdmitted.version,
    occurredAt: new Date().toISOString(),
    producer: 'rehab',
    regionCode,
    correlationId: 'geography-spec',
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
    },
  };
}

/** `n` admissions under a code on a day (six: above the small counts hidden below a province). */
async function admit(regionCode: string, admittedOn: string, n = 6) {
  for (let i = 0; i < n; i++) {
    const event = admitted(regionCode, admittedOn);
    await jetstream(nc).publish(ns.names.subject(RehabEvents.clientAdmitted.subject), JSON.stringify(event), {
      msgID: event.eventId,
    });
  }
}

async function indicators(query: string) {
  const response = await api('GET', `/v1/reporting/indicators?${query}`, { token: analyst });
  expect(response.status).toBe(200);
  return response.body as {
    edition: string;
    geographyNotes?: string[];
    indicators: Array<{ code: string; value: number | null; suppressed?: boolean; breakdowns: object }>;
  };
}

async function admissions(regionCode: string, year: number, edition?: string) {
  const answer = await indicators(`regionCode=${regionCode}&year=${year}${edition ? `&edition=${edition}` : ''}`);
  return answer.indicators.find((i) => i.code === 'rehab.admissions');
}

beforeAll(async () => {
  await stack.start();
  nc = await ns.broker.connect('rehab');
  analyst = await token({ roles: ['analyst'], region: 'ID' });
  // 2022, in 2022's codes: Kota Sorong and Raja Ampat in Papua Barat, and Manokwari, which stayed.
  await admit('92.71', '2022-03-01');
  await admit('92.05', '2022-06-15');
  await admit('92.02', '2022-04-02');
  // Maybrat, late in 2022: two under its old code (a small part), six under a district of its new one.
  await admit('92.10', '2022-08-01', 2);
  await admit('96.05.01', '2022-12-20');
  // 2024, in the current codes.
  await admit('96.71', '2024-03-01');
  await admit('96.03', '2024-06-15');
  await admit('92.02', '2024-04-02');
  await eventually(async () => expect((await admissions('ID', 2022))?.value).toBe(26));
  await eventually(async () => expect((await admissions('ID', 2024))?.value).toBe(18));
}, 90_000);

afterAll(async () => {
  await nc?.close();
  await stack.stop();
});

describe('geography editions', () => {
  it('keeps each fact under the code it was recorded with', async () => {
    const rows = await queryDb<{ region_code: string; province_code: string; n: string }>(
      ns.databaseUrl('reporting'),
      `select region_code, province_code, count(*) as n from fact where indicator = 'rehab.admissions'
         and region_code in ('92.71', '96.71') group by 1, 2 order by 1`,
    );
    expect(rows).toEqual([
      { region_code: '92.71', province_code: '92', n: '6' },
      { region_code: '96.71', province_code: '96', n: '6' },
    ]);
  });

  it('reads one continuous trend for Papua Barat Daya in the current edition, its regencies withheld', async () => {
    // A treatment count below a province whose codes changed is not published at all: the
    // suppression blocks hold the codes as recorded, so Kota Sorong's 2022 (recorded as 92.71)
    // lies outside 96's block, and 96 less its other regencies would give it (docs/security.md).
    for (const region of ['96.71', '96.03']) {
      expect(await admissions(region, 2022)).toMatchObject({ value: null, suppressed: true });
      expect(await admissions(region, 2024)).toMatchObject({ value: null, suppressed: true });
    }
    // Papua Barat Daya: Sorong, Raja Ampat and Maybrat's eight of 2022; Sorong and Raja Ampat of 2024.
    expect((await admissions('96', 2022))?.value).toBe(20);
    expect((await admissions('96', 2024))?.value).toBe(12);
    const answer = await indicators('regionCode=96&year=2022');
    expect(answer.edition).toBe('2025');
    expect(answer.geographyNotes?.join(' ')).toMatch(/includes what was recorded under .*92\.71/);
    // Asking for the current edition by name answers the same.
    expect((await admissions('96', 2022, '2025'))?.value).toBe(20);
  });

  it('reports Papua Barat without Sorong in the current edition, and with it in 2022’s', async () => {
    // Current edition: Papua Barat is Manokwari here, in 2022 as in 2024.
    expect((await admissions('92', 2022))?.value).toBe(6);
    expect((await admissions('92', 2024))?.value).toBe(6);
    const current = await indicators('regionCode=92&year=2022');
    expect(current.geographyNotes?.join(' ')).toMatch(/leaves out .*92\.71/);
    // 2022's edition: Papua Barat of 2022 holds Sorong, Raja Ampat and Maybrat (all 26 of 2022)…
    expect((await admissions('92', 2022, '2022'))?.value).toBe(26);
    // …and in 2024 what is now Papua Barat Daya still counts there, under 2022's codes.
    expect((await admissions('92', 2024, '2022'))?.value).toBe(18);
    // Its regencies, read across editions, are withheld as in the current edition.
    expect(await admissions('92.71', 2024, '2022')).toMatchObject({ value: null, suppressed: true });
    // The nation is the same in any edition.
    expect((await admissions('ID', 2022, '2022'))?.value).toBe(26);
  });

  it('publishes no treatment count below a province read across editions, and says so', async () => {
    // Maybrat of 2022: eight, two of them under 92.10; with Papua Barat Daya's 20 and its other
    // regencies' counts, its district 96.05.01's six would give the two away.
    for (const region of ['96.05', '96.05.01', '96.71']) {
      expect(await admissions(region, 2022)).toMatchObject({ value: null, suppressed: true, breakdowns: {} });
    }
    const answer = await indicators('regionCode=96.71&year=2022');
    expect(answer.geographyNotes?.join(' ')).toMatch(/without breakdowns/);
  });

  it('refuses a region its edition does not have, and an edition it cannot read (422)', async () => {
    const noPbd = await api('GET', '/v1/reporting/indicators?regionCode=96&year=2022&edition=2022', { token: analyst });
    expect(noPbd.status).toBe(422);
    expect(noPbd.body.errors[0]).toMatchObject({ path: 'regionCode', message: '96 is not a region of edition 2022' });
    const old = await api('GET', '/v1/reporting/indicators?regionCode=92&year=2022&edition=2019', { token: analyst });
    expect(old.status).toBe(422);
    expect(old.body.errors[0].path).toBe('edition');
    // Read in the current edition, a 2022 code is refused with what it became.
    const retired = await api('GET', '/v1/reporting/indicators?regionCode=92.71&year=2022', { token: analyst });
    expect(retired.status).toBe(422);
    expect(retired.body.errors[0].message).toBe(
      '92.71 is not a current region; since edition 2025 it is 96.71 (Kota Sorong, Papua Barat Daya)',
    );
  });

  it('refuses a write with a retired code, naming the code it became', async () => {
    const set = await api('PUT', '/v1/reporting/targets', {
      token: analyst,
      body: { regionCode: '92.05', year: 2024, indicator: 'rehab.admissions', target: 10 },
    });
    expect(set.status).toBe(422);
    expect(set.body.errors[0]).toEqual({
      path: 'regionCode',
      message: '92.05 is not a current region; since edition 2025 it is 96.03 (Kabupaten Raja Ampat, Papua Barat Daya)',
    });
  });

  it('keeps a Papua Barat officer out of what is now Papua Barat Daya, in any edition', async () => {
    const officer = await token({ roles: ['analyst'], region: '92' });
    const own = await api('GET', '/v1/reporting/indicators?regionCode=92&year=2022', { token: officer });
    expect(own.status).toBe(200);
    const old = await api('GET', '/v1/reporting/indicators?regionCode=92&year=2022&edition=2022', { token: officer });
    expect(old.status).toBe(404);
  });
});
