/**
 * Survey figures beside the live ones (docs/domain.md, "Reference figures"), on the running
 * service through the gateway: BNN's 2019 survey figures for DKI Jakarta recorded by its
 * provincial analyst, carried by the live indicators and the coordination report with their
 * source and year, and treatment coverage — people in treatment over estimated users — computed
 * from treatment episodes the spec publishes as rehab.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { RehabEvents } from '@sinergi/contracts';
import { eventually } from '@sinergi/runtime/testing';
import { client, token } from '../../../test/support/http.js';
import { TestStack } from '../../../test/support/stack.js';

const stack = new TestStack('f', { services: ['reporting', 'gateway'] });
const ns = stack.ns;
const api = client(() => stack.gateway.url);
let nc: NatsConnection;
/** DKI Jakarta's provincial BNN analyst (BNNP DKI) and Jambi's. */
let dkiAnalyst: string;
let jambiAnalyst: string;

const SURVEY_2019 = 'BNN, Survei Nasional Penyalahgunaan Narkoba 2019';
const DKI_USERS_2019 = 132_000;
const DKI_PREVALENCE_2019 = 3.3;
/** Not a survey result: a later prevalence, to show each kind takes its own latest year. */
const LATER_PREVALENCE = { year: 2021, value: 2.0, source: 'Illustrative later figure (test fixture, not a survey)' };

/** Clients in treatment at DKI facilities at some time in 2019, all admitted in May and not discharged. */
const OPEN_IN_2019 = 1_000;

async function publish(type: string, version: number, regionCode: string, payload: Record<string, unknown>) {
  const event = {
    eventId: randomUUID(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    producer: 'rehab',
    regionCode,
    correlationId: 'reference-figures-spec',
    payload,
  };
  await jetstream(nc).publish(ns.names.subject(type), JSON.stringify(event), { msgID: event.eventId });
}

/** One admission of `clientId` at a facility in `regionCode`, discharged (completed) when `dischargedOn` is given. */
async function episode(regionCode: string, clientId: string, admittedOn: string, dischargedOn?: string) {
  const admissionId = randomUUID();
  await publish(RehabEvents.clientAdmitted.subject, RehabEvents.clientAdmitted.version, regionCode, {
    admissionId,
    clientId,
    facilityId: randomUUID(),
    facilityKind: 'clinic',
    program: 'outpatient',
    source: 'voluntary',
    primarySubstance: 'methamphetamine',
    admittedOn,
    ageBand: '25-29',
    sex: 'male',
    referralRef: null,
  });
  if (dischargedOn) {
    await publish(RehabEvents.clientDischarged.subject, RehabEvents.clientDischarged.version, regionCode, {
      admissionId,
      clientId,
      program: 'outpatient',
      outcome: 'completed',
      admittedOn,
      dischargedOn,
    });
  }
}

/**
 * The edges of "open at any time in 2019": in are A (admitted 2018, discharged in 2019), C
 * (admitted on the year's last day), E (two admissions in 2019, one person) and F (discharged on
 * the year's first day); out are B (discharged the day before it started), D (admitted on the day
 * it ended) and G (treated in Jambi).
 */
async function publishEpisodes() {
  await episode('31.72', randomUUID(), '2018-06-01', '2019-02-01'); // A
  await episode('31.72', randomUUID(), '2018-03-01', '2018-12-31'); // B
  await episode('31.71', randomUUID(), '2019-12-31'); // C
  await episode('31.71', randomUUID(), '2020-01-01'); // D
  const e = randomUUID();
  await episode('31.73', e, '2019-03-01', '2019-04-01'); // E, first admission
  await episode('31.73', e, '2019-08-01'); // E, again
  await episode('31.74', randomUUID(), '2018-11-01', '2019-01-01'); // F
  await episode('15.71', randomUUID(), '2019-05-01'); // G
  const regencies = ['31.71', '31.72', '31.73', '31.74', '31.75'];
  for (let start = 0; start < OPEN_IN_2019; start += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        episode(regencies[(start + i) % regencies.length] as string, randomUUID(), '2019-05-10'),
      ),
    );
  }
}
/** A, C, E, F and the open ones. */
const IN_TREATMENT_2019 = OPEN_IN_2019 + 4;

interface Indicator {
  code: string;
  value: number | null;
  breakdowns: Record<string, Record<string, number>>;
  suppressed?: boolean;
  note?: string;
}

async function indicators(regionCode: string, period: string, as = dkiAnalyst) {
  const answer = await api('GET', `/v1/reporting/indicators?regionCode=${regionCode}&${period}`, { token: as });
  expect(answer.status).toBe(200);
  const coverage = answer.body.indicators.find((i: Indicator) => i.code === 'rehab.treatment_coverage') as Indicator;
  return { body: answer.body, coverage };
}

const record = (as: string, body: Record<string, unknown>) =>
  api('PUT', '/v1/reporting/reference-figures', { token: as, body });

beforeAll(async () => {
  await stack.start();
  nc = await ns.broker.connect('rehab');
  dkiAnalyst = await token({ roles: ['analyst'], region: '31', sub: 'analyst-bnnp-dki' });
  jambiAnalyst = await token({ roles: ['analyst'], region: '15', sub: 'analyst-bnnp-jambi' });
  await publishEpisodes();
}, 180_000);

afterAll(async () => {
  await nc?.close();
  await stack.stop();
}, 60_000);

describe('recording reference figures', () => {
  it("records DKI Jakarta's 2019 survey figures with their source, and answers them back", async () => {
    const users = await record(dkiAnalyst, {
      regionCode: '31',
      year: 2019,
      kind: 'estimated_users',
      value: DKI_USERS_2019,
      source: SURVEY_2019,
    });
    expect(users.status).toBe(200);
    expect(users.body).toMatchObject({ regionCode: '31', year: 2019, kind: 'estimated_users', value: 132_000 });
    expect(users.body).not.toHaveProperty('recordedBy');
    const prevalence = await record(dkiAnalyst, {
      regionCode: '31',
      year: 2019,
      kind: 'prevalence_pct',
      value: DKI_PREVALENCE_2019,
      source: 'a first entry, corrected below',
    });
    expect(prevalence.status).toBe(200);
    // Recording it again replaces it.
    expect(
      (
        await record(dkiAnalyst, {
          regionCode: '31',
          year: 2019,
          kind: 'prevalence_pct',
          value: DKI_PREVALENCE_2019,
          source: SURVEY_2019,
        })
      ).status,
    ).toBe(200);
    expect((await record(dkiAnalyst, { regionCode: '31', kind: 'prevalence_pct', ...LATER_PREVALENCE })).status).toBe(
      200,
    );

    const listed = await api('GET', '/v1/reporting/reference-figures?regionCode=31&year=2019', { token: dkiAnalyst });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((f: any) => [f.kind, f.year, f.value, f.source])).toEqual([
      ['prevalence_pct', 2019, 3.3, SURVEY_2019],
      ['estimated_users', 2019, 132_000, SURVEY_2019],
    ]);
    const everyYear = await api('GET', '/v1/reporting/reference-figures?regionCode=31', { token: dkiAnalyst });
    expect(everyYear.body.items.map((f: any) => [f.kind, f.year])).toEqual([
      ['prevalence_pct', 2021],
      ['prevalence_pct', 2019],
      ['estimated_users', 2019],
    ]);
  });

  it("lets Jambi's analyst record Jambi's rank among provinces", async () => {
    const rank = await record(jambiAnalyst, {
      regionCode: '15',
      year: 2019,
      kind: 'abuse_rank',
      value: 26,
      source: SURVEY_2019,
    });
    expect(rank.status).toBe(200);
    expect(rank.body).toMatchObject({ regionCode: '15', kind: 'abuse_rank', value: 26 });
  });

  it('refuses a rehab officer (403) and an analyst outside the region (404), for writing and reading', async () => {
    const body = { regionCode: '31', year: 2019, kind: 'estimated_users', value: 1, source: 'not theirs' };
    const officer = await token({ roles: ['rehab_officer'], region: '31' });
    expect((await record(officer, body)).status).toBe(403);
    const outside = await record(jambiAnalyst, body);
    expect(outside.status).toBe(404);
    expect(outside.body.errors[0].path).toBe('regionCode');
    expect(
      (await api('GET', '/v1/reporting/reference-figures?regionCode=31&year=2019', { token: jambiAnalyst })).status,
    ).toBe(404);
    // Neither changed DKI's figure.
    const listed = await api('GET', '/v1/reporting/reference-figures?regionCode=31&year=2019', { token: dkiAnalyst });
    expect(listed.body.items.find((f: any) => f.kind === 'estimated_users').value).toBe(DKI_USERS_2019);
  });

  it('refuses figures that cannot be what they claim (400, naming the field) and an unknown region (422)', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ regionCode: '31', year: 2019, kind: 'prevalence_pct', value: 133, source: SURVEY_2019 }, 'value'],
      [{ regionCode: '31', year: 2019, kind: 'estimated_users', value: 1.5, source: SURVEY_2019 }, 'value'],
      [{ regionCode: '31', year: 2019, kind: 'estimated_users', value: 0, source: SURVEY_2019 }, 'value'],
      [{ regionCode: '31', year: 2019, kind: 'estimated_users', value: 10, source: '  ' }, 'source'],
      [{ regionCode: '31.72', year: 2019, kind: 'abuse_rank', value: 3, source: SURVEY_2019 }, 'kind'],
      [{ regionCode: '31', year: 2019, kind: 'abuse_rank', value: 39, source: SURVEY_2019 }, 'value'],
      [{ regionCode: '31', year: 2099, kind: 'estimated_users', value: 10, source: SURVEY_2019 }, 'year'],
    ];
    for (const [body, path] of bad) {
      const answer = await record(dkiAnalyst, body);
      expect({ body, status: answer.status, path: answer.body.errors?.[0]?.path }).toEqual({ body, status: 400, path });
    }
    const unknown = await record(dkiAnalyst, {
      regionCode: '31.99',
      year: 2019,
      kind: 'estimated_users',
      value: 10,
      source: SURVEY_2019,
    });
    expect(unknown.status).toBe(422);
  });
});

describe('beside the live figures', () => {
  it('divides the people in treatment in 2019 by the 2019 estimate, rounded to one decimal', async () => {
    const { body, coverage } = await eventually(
      async () => {
        const answer = await indicators('31', 'year=2019');
        expect(answer.coverage.breakdowns.counts?.inTreatment).toBe(IN_TREATMENT_2019);
        return answer;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(coverage.breakdowns.counts).toEqual({ inTreatment: IN_TREATMENT_2019, estimatedUsers: DKI_USERS_2019 });
    // 1,004 of 132,000 is 0.76 %: one decimal, as every percent indicator.
    expect(coverage.value).toBe(0.8);
    expect(coverage.value).toBe(Math.round((IN_TREATMENT_2019 / DKI_USERS_2019) * 1000) / 10);
    expect(coverage.note).toContain(SURVEY_2019);
    expect(body.references.map((f: any) => [f.kind, f.year, f.value, f.source])).toEqual([
      ['prevalence_pct', 2019, 3.3, SURVEY_2019],
      ['estimated_users', 2019, 132_000, SURVEY_2019],
    ]);
  });

  it('counts the people open in a quarter, not the year: A, E and F in the first quarter of 2019', async () => {
    const { coverage } = await indicators('31', 'year=2019&quarter=1');
    expect(coverage.breakdowns.counts).toEqual({ inTreatment: 3, estimatedUsers: DKI_USERS_2019 });
  });

  it("takes each kind's latest earlier year for a later period, saying which year", async () => {
    const { body, coverage } = await indicators('31', 'year=2024');
    expect(body.references.map((f: any) => [f.kind, f.year, f.value])).toEqual([
      ['prevalence_pct', 2021, 2.0],
      ['estimated_users', 2019, 132_000],
    ]);
    // Admissions never discharged are still open in 2024: the May ones, C, D and E's second.
    expect(coverage.breakdowns.counts).toEqual({ inTreatment: OPEN_IN_2019 + 3, estimatedUsers: DKI_USERS_2019 });
    expect(coverage.note).toContain('2019');
    // Before any survey, no reference figure stands beside the live ones, and coverage is empty.
    const before = await indicators('31', 'year=2018');
    expect(before.body.references).toEqual([]);
    expect(before.coverage.value).toBeNull();
  });

  it('leaves coverage empty, and says why, where no estimated number of users is recorded', async () => {
    const { body, coverage } = await eventually(
      async () => {
        const answer = await indicators('15', 'year=2019', jambiAnalyst);
        expect(answer.coverage.breakdowns.counts?.inTreatment).toBe(1);
        return answer;
      },
      { timeoutMs: 30_000 },
    );
    expect(coverage.value).toBeNull();
    expect(coverage.suppressed).toBeUndefined();
    expect(coverage.note).toMatch(/No estimated number of users/);
    expect(body.references.map((f: any) => [f.kind, f.year, f.value])).toEqual([['abuse_rank', 2019, 26]]);
  });

  it('is not published below province level, as every computed count of people in treatment', async () => {
    const { coverage } = await indicators('31.72', 'year=2019');
    expect(coverage).toMatchObject({ value: null, suppressed: true, breakdowns: {} });
    expect(coverage.note).toBeUndefined();
  });

  it("shows the figures, with their source, in DKI Jakarta's 2019 coordination report", async () => {
    const accepted = await api('POST', '/v1/reports', {
      token: dkiAnalyst,
      body: { kind: 'coordination', regionCode: '31', period: { year: 2019 } },
    });
    expect(accepted.status).toBe(202);
    const report = await eventually(
      async () => {
        const got = await api('GET', `/v1/reports/${accepted.body.id}`, { token: dkiAnalyst });
        expect(got.body.status).toBe('done');
        return got.body.result;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(report.references).toEqual([
      expect.objectContaining({
        regionCode: '31',
        year: 2019,
        kind: 'prevalence_pct',
        value: 3.3,
        source: SURVEY_2019,
      }),
      expect.objectContaining({
        regionCode: '31',
        year: 2019,
        kind: 'estimated_users',
        value: 132_000,
        source: SURVEY_2019,
      }),
    ]);
    const coverage = report.indicators.find((i: Indicator) => i.code === 'rehab.treatment_coverage');
    expect(coverage).toMatchObject({ value: 0.8, display: '0.8', suppressed: false });
    expect(coverage.breakdowns.counts.inTreatment).toEqual({
      value: IN_TREATMENT_2019,
      display: String(IN_TREATMENT_2019),
      suppressed: false,
    });
    expect(coverage.note).toContain(SURVEY_2019);
  });
});
