/**
 * Issue 6's end-to-end walk: a known mix written through the gateway into rehab, enforcement
 * and prevention (all five services as processes, real PostgreSQL, NATS and Redis), then every
 * cross-agency indicator checked in reporting, a report with its coordination section, and
 * /metrics answering on every service.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventually, REPO_ROOT } from '@sinergi/runtime/testing';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { client, token } from '../support/http.js';
import { queryDb } from '../support/pg.js';
import { TestStack } from '../support/stack.js';

const stack = new TestStack('c', { env: { gateway: { RATE_LIMIT_PER_USER: '100000' } } });
const services = stack.services;
const gateway = () => stack.gateway;
const api = client(() => gateway().url);
const VILLAGE = '31.72.01.1001'; // Penjaringan
const tokens: Record<string, string> = {};

async function ok(response: Promise<Awaited<ReturnType<typeof api>>>, status = 201) {
  const r = await response;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function indicators(regionCode: string, year = 2024) {
  const r = await api('GET', `/v1/reporting/indicators?regionCode=${regionCode}&year=${year}`, {
    token: tokens.analyst,
  });
  expect(r.status).toBe(200);
  return Object.fromEntries(r.body.indicators.map((i: any) => [i.code, i]));
}

beforeAll(async () => {
  await stack.start();
  tokens.rehab = await token({ roles: ['rehab_officer'], region: '31.72', agency: 'BNN' });
  tokens.enforcement = await token({ roles: ['enforcement_officer'], region: '31.72', agency: 'POLRI' });
  tokens.prevention = await token({ roles: ['prevention_officer'], region: '31.72', agency: 'PEMDA' });
  tokens.analyst = await token({ roles: ['analyst'], region: 'ID' });
}, 120_000);

afterAll(() => stack.stop(), 60_000);

describe('cross-agency coordination, end to end', () => {
  it('counts a known mix across the three domain services, with every coordination indicator', async () => {
    const R = tokens.rehab as string;
    const E = tokens.enforcement as string;
    const P = tokens.prevention as string;
    // Rehab: a clinic, an IBM unit in Penjaringan, a certificate, one voluntary client through aftercare.
    const clinic = await ok(
      api('POST', '/v1/rehab/facilities', {
        token: R,
        body: { name: 'Klinik BNNK', kind: 'clinic', regionCode: '31.72' },
      }),
    );
    await ok(
      api('POST', '/v1/rehab/facilities', {
        token: R,
        body: { name: 'IBM Penjaringan', kind: 'ibm_unit', regionCode: VILLAGE },
      }),
    );
    await ok(
      api('POST', '/v1/rehab/certificates', {
        token: R,
        body: {
          regionCode: '31.72',
          facilityId: clinic.id,
          issuedOn: '2024-02-01',
          purpose: 'employment',
          result: 'negative',
        },
      }),
    );
    const client1 = await ok(
      api('POST', '/v1/rehab/clients', {
        token: R,
        body: { identity: { fullName: 'Agus Salim', birthDate: '1995-03-04' }, sex: 'male', regionCode: VILLAGE },
      }),
    );
    const admission = await ok(
      api('POST', `/v1/rehab/clients/${client1.id}/admissions`, {
        token: R,
        body: {
          facilityId: clinic.id,
          program: 'outpatient',
          source: 'voluntary',
          primarySubstance: 'methamphetamine',
          admittedOn: '2024-01-10',
        },
      }),
    );
    await ok(
      api('POST', `/v1/rehab/admissions/${admission.id}/discharge`, {
        token: R,
        body: { outcome: 'completed', dischargedOn: '2024-04-10' },
      }),
      200,
    );
    const aftercare = await ok(
      api('POST', `/v1/rehab/admissions/${admission.id}/aftercare`, { token: R, body: { startedOn: '2024-04-15' } }),
    );
    await ok(
      api('POST', `/v1/rehab/aftercare/${aftercare.id}/follow-ups`, {
        token: R,
        body: { date: '2024-05-01', status: 'abstinent', employed: true },
      }),
    );

    // Enforcement: a user-suspect with 0.8 g of methamphetamine, an assessment request, a nightlife raid in Penjaringan.
    const kase = await ok(
      api('POST', '/v1/enforcement/cases', {
        token: E,
        body: { regionCode: '31.72', agency: 'POLRI', openedOn: '2024-03-01' },
      }),
    );
    const suspect = await ok(
      api('POST', `/v1/enforcement/cases/${kase.id}/suspects`, {
        token: E,
        body: { role: 'user', sex: 'female', age: 24, nationality: 'ID' },
      }),
    );
    await ok(
      api('POST', `/v1/enforcement/cases/${kase.id}/seizures`, {
        token: E,
        body: {
          suspectId: suspect.id,
          substance: 'methamphetamine',
          quantity: '0.8',
          unit: 'g',
          seizedOn: '2024-03-01',
        },
      }),
    );
    const request = await ok(
      api('POST', `/v1/enforcement/suspects/${suspect.id}/assessment-requests`, {
        token: E,
        body: { requestedOn: '2024-03-02' },
      }),
    );
    await ok(
      api('POST', '/v1/enforcement/operations', {
        token: E,
        body: {
          regionCode: VILLAGE,
          kind: 'raid',
          venueType: 'nightlife',
          on: '2024-06-01',
          peopleTested: 40,
          positives: 3,
        },
      }),
    );
    await ok(
      api('POST', '/v1/enforcement/prison-snapshots', {
        token: E,
        body: {
          regionCode: '31.72',
          facilityName: 'Lapas Salemba',
          on: '2024-12-01',
          capacity: 1000,
          occupancy: 2000,
          narcoticsInmates: 1300,
        },
      }),
    );

    // Rehab's TAT answers in 3 days; the referred user is admitted 5 days later.
    await eventually(async () => {
      const pending = await api('GET', '/v1/rehab/assessments?status=pending', { token: R });
      expect(pending.body.items.map((a: any) => a.id)).toContain(request.id);
    });
    await ok(
      api('POST', `/v1/rehab/assessments/${request.id}/result`, {
        token: R,
        body: { recommendation: 'outpatient', decidedOn: '2024-03-05' },
      }),
      200,
    );
    const client2 = await ok(
      api('POST', '/v1/rehab/clients', {
        token: R,
        body: { identity: { fullName: 'Dewi Lestari', birthDate: '2000-07-07' }, sex: 'female', regionCode: '31.72' },
      }),
    );
    await ok(
      api('POST', `/v1/rehab/clients/${client2.id}/admissions`, {
        token: R,
        body: {
          facilityId: clinic.id,
          program: 'outpatient',
          source: 'tat',
          assessmentId: request.id,
          primarySubstance: 'methamphetamine',
          admittedOn: '2024-03-10',
        },
      }),
    );
    await eventually(async () => {
      const status = await api('GET', `/v1/enforcement/assessment-requests/${request.id}`, { token: E });
      expect(status.body).toMatchObject({ recommendation: 'outpatient' });
    });

    // Prevention: Penjaringan mapped as a vulnerable area, an activity there, Bersinar designation.
    await ok(
      api('POST', '/v1/prevention/vulnerable-areas', {
        token: P,
        body: { regionCode: VILLAGE, name: 'Kampung Muara', riskLevel: 'siaga', assessedOn: '2024-01-05' },
      }),
    );
    await ok(
      api('POST', '/v1/prevention/activities', {
        token: P,
        body: {
          regionCode: VILLAGE,
          kind: 'socialization',
          segment: 'students',
          channel: 'in_person',
          on: '2024-02-14',
          participants: 120,
        },
      }),
    );
    await ok(
      api('POST', '/v1/prevention/activities', {
        token: P,
        body: {
          regionCode: '31.72',
          kind: 'campaign',
          segment: 'community',
          channel: 'digital',
          on: '2024-08-17',
          participants: 0,
          reach: 5000,
        },
      }),
    );
    await ok(
      api('POST', '/v1/prevention/bersinar-villages', {
        token: P,
        body: { regionCode: VILLAGE, designatedOn: '2024-05-20' },
      }),
    );

    const values = await eventually(
      async () => {
        // Everything projected: the province publishes its treatment counts, the regency the rest.
        expect((await indicators('31'))['rehab.admissions'].value).toBe(2);
        const v = await indicators('31.72');
        expect(v['prevention.bersinar_villages'].value).toBe(1);
        expect(v['enforcement.prison_occupancy_rate'].value).toBe(200);
        expect(v['coordination.assessments_completed'].value).toBe(1);
        return v;
      },
      { timeoutMs: 20_000 },
    );
    // Treatment counts of a regency this small are hidden (null); counts about clients that are
    // not sums of facts are not published below province level at all.
    const expected: Record<string, number | null> = {
      'rehab.admissions': null,
      'rehab.completed': null,
      'rehab.dropped_out': 0,
      'rehab.aftercare_clients': null,
      'rehab.aftercare_coverage': null,
      'rehab.employed_at_follow_up': null,
      'rehab.skhpn_issued': 1,
      'enforcement.cases': 1,
      'enforcement.suspects': 1,
      'enforcement.seized': null, // grams, tablets and millilitres are never added up
      'enforcement.operations': 1,
      'enforcement.people_tested': 40,
      'enforcement.operation_positives': 3,
      'enforcement.prison_occupancy_rate': 200,
      'enforcement.prison_narcotics_share': 65,
      'coordination.assessments_requested': 1,
      'coordination.assessments_completed': 1,
      'coordination.assessment_turnaround_days': 3,
      'coordination.assessments_within_limit_pct': 100,
      'coordination.referral_admission_rate': null,
      'prevention.activities': 2,
      'prevention.participants': 120,
      'prevention.digital_reach': 5000,
      'prevention.bersinar_villages': 1,
      'prevention.vulnerable_areas': 1,
      // The city government's prevention officers and the police reached Penjaringan in 2024 (the
      // IBM unit, registered today, stands there from today on).
      'coordination.vulnerable_areas_multi_agency': 1,
    };
    expect(Object.fromEntries(Object.keys(expected).map((code) => [code, values[code]?.value]))).toEqual(expected);
    expect(values['enforcement.seized'].breakdowns.substanceUnit).toEqual({ 'methamphetamine (g)': 0.8 });
    expect(values['enforcement.seized'].breakdowns.unit).toEqual({ g: 0.8 });
    expect(values['prevention.vulnerable_areas'].breakdowns.riskLevel).toEqual({ siaga: 1 });
    expect(values['coordination.assessment_turnaround_days'].breakdowns.stat).toMatchObject({ median: 3, p90: 3 });

    // The same figures roll up to DKI Jakarta, where treatment counts are published as they are;
    // Jakarta Barat saw none of it.
    const province = await indicators('31');
    expect(
      Object.fromEntries(
        [
          'rehab.admissions',
          'rehab.completed',
          'rehab.aftercare_clients',
          'rehab.aftercare_coverage',
          'rehab.employed_at_follow_up',
        ].map((c) => [c, province[c].value]),
      ),
    ).toEqual({
      'rehab.admissions': 2,
      'rehab.completed': 1,
      'rehab.aftercare_clients': 1,
      'rehab.aftercare_coverage': 100,
      // The one follow-up found the client working.
      'rehab.employed_at_follow_up': 100,
    });
    expect(province['rehab.employed_at_follow_up'].breakdowns.counts).toEqual({ employed: 1, known: 1 });
    expect(province['coordination.vulnerable_areas_multi_agency'].value).toBe(1);
    // One referral, admitted: an all-or-nothing rate would tell what became of that one suspect.
    expect(province['coordination.referral_admission_rate']).toMatchObject({ value: null, suppressed: true });
    // Not for want of matching: the referred user's admission was matched to its assessment.
    const [linked] = await queryDb<{ n: string }>(
      stack.ns.databaseUrl('reporting'),
      'select count(*) as n from assessment a join rehab_episode e on e.referral_ref = a.referral_ref',
    );
    expect(Number(linked?.n)).toBe(1);
    expect((await indicators('31.73'))['rehab.admissions'].value).toBe(0);
  });

  it('builds the coordination report with its section, suppressing small rehab counts below province level', async () => {
    const accepted = await api('POST', '/v1/reports', {
      token: tokens.analyst,
      body: { kind: 'coordination', regionCode: '31.72', period: { year: 2024 } },
    });
    expect(accepted.status).toBe(202);
    const report = await eventually(
      async () => {
        const r = await api('GET', `/v1/reports/${accepted.body.id}`, { token: tokens.analyst });
        expect(r.body.status).toBe('done');
        return r.body.result;
      },
      { timeoutMs: 20_000 },
    );
    expect(report.coordination).toMatchObject({
      assessmentsRequested: 1,
      assessmentsCompleted: 1,
      turnaroundMedianDays: 3,
      answeredWithinLimitPct: 100,
      referralAdmissionRatePct: null,
      aftercareCoveragePct: null,
      vulnerableAreasMultiAgency: 1,
    });
    // Two admissions in Jakarta Utara, a regency: published as "<5", never as 2.
    const admissions = report.indicators.find((i: any) => i.code === 'rehab.admissions');
    expect(admissions).toMatchObject({ value: null, display: '<5', suppressed: true });
    expect(JSON.stringify(admissions.breakdowns)).not.toMatch(/"value":[1-4][,}]/);
    const html = await fetch(`${gateway().url}/v1/reports/${accepted.body.id}/export?format=html&lang=en`, {
      headers: { authorization: `Bearer ${tokens.analyst}` },
    });
    expect(await html.text()).toContain('Vulnerable areas reached by 2 or more agencies');
  });

  it('answers /metrics on every service', async () => {
    for (const service of services.values()) {
      const response = await fetch(service.metricsUrl);
      const text = await response.text();
      expect({ service: service.service, status: response.status }).toEqual({ service: service.service, status: 200 });
      expect(text).toContain('sinergi_http_request_duration_seconds');
      expect(text).toContain('sinergi_process_resident_memory_bytes');
    }
    const reporting = await (await fetch(`${services.get('reporting')?.url}/metrics`)).text();
    expect(reporting).toMatch(/sinergi_events_applied_total\{consumer="reporting",producer="rehab"\} [1-9]/);
    expect(reporting).toMatch(/sinergi_consumer_lag\{producer="rehab"\} 0/);
    expect(reporting).toMatch(/sinergi_report_jobs_total\{status="done"\} [1-9]/);
    const rehab = await (await fetch(`${services.get('rehab')?.url}/metrics`)).text();
    expect(rehab).toMatch(/sinergi_outbox_pending 0/);
    expect(rehab).toMatch(
      /sinergi_nats_request_duration_seconds_count\{subject="rpc.rehab.client.admit",outcome="ok"\} 2/,
    );
    const gw = await (await fetch(gateway().metricsUrl)).text();
    expect(gw).toMatch(
      /sinergi_nats_request_duration_seconds_count\{subject="rpc.reporting.indicators.get",outcome="ok"\} [1-9]/,
    );
  });

  it('counts agencies as agencies: two institutions in one programme are two, one institution in two is one', async () => {
    // Jakarta Barat (31.73), where nothing else in this spec happens: Kampung Ambon is reached by
    // BNN's and the city government's prevention officers, Kampung Boncos by BNN's prevention and
    // BNN's enforcement officers.
    const [ambon, boncos] = ['31.73.01.1004', '31.73.07.1006'];
    const bnnPrevention = await token({ roles: ['prevention_officer'], region: '31.73', agency: 'BNN' });
    const pemdaPrevention = await token({ roles: ['prevention_officer'], region: '31.73', agency: 'PEMDA' });
    const bnnEnforcement = await token({ roles: ['enforcement_officer'], region: '31.73', agency: 'BNN' });
    const activity = (regionCode: string, on: string) => ({
      regionCode,
      kind: 'socialization',
      segment: 'community',
      channel: 'in_person',
      on,
      participants: 40,
    });
    for (const [regionCode, name] of [
      [ambon, 'Kampung Ambon'],
      [boncos, 'Kampung Boncos'],
    ] as const) {
      await ok(
        api('POST', '/v1/prevention/vulnerable-areas', {
          token: bnnPrevention,
          body: { regionCode, name, riskLevel: 'bahaya', assessedOn: '2024-01-10' },
        }),
      );
    }
    await ok(api('POST', '/v1/prevention/activities', { token: bnnPrevention, body: activity(ambon, '2024-03-01') }));
    await ok(api('POST', '/v1/prevention/activities', { token: pemdaPrevention, body: activity(ambon, '2024-04-01') }));
    await ok(api('POST', '/v1/prevention/activities', { token: bnnPrevention, body: activity(boncos, '2024-03-02') }));
    await ok(
      api('POST', '/v1/enforcement/operations', {
        token: bnnEnforcement,
        body: {
          regionCode: boncos,
          kind: 'raid',
          venueType: 'residence',
          on: '2024-05-05',
          peopleTested: 12,
          positives: 1,
        },
      }),
    );

    await eventually(async () => {
      const values = await indicators('31.73');
      expect(values['prevention.vulnerable_areas'].value).toBe(2);
      expect(values['coordination.vulnerable_areas_multi_agency'].value).toBe(1);
    });
    const listed = await api('GET', '/v1/reporting/vulnerable-areas?regionCode=31.73&year=2024', {
      token: tokens.analyst,
    });
    expect(listed.status).toBe(200);
    const byName = Object.fromEntries(listed.body.areas.map((a: any) => [a.name, a]));
    expect(byName['Kampung Ambon']).toMatchObject({
      villageCode: ambon,
      riskLevel: 'bahaya',
      agencies: ['BNN', 'PEMDA'],
      interventions: [
        { agency: 'BNN', kind: 'activity', count: 1 },
        { agency: 'PEMDA', kind: 'activity', count: 1 },
      ],
    });
    expect(byName['Kampung Boncos']).toMatchObject({
      agencies: ['BNN'],
      interventions: [
        { agency: 'BNN', kind: 'activity', count: 1 },
        { agency: 'BNN', kind: 'operation', count: 1 },
      ],
    });
  });

  it('counts an answer on day 6 within the limit and one on day 7 outside it', async () => {
    // Two users in Jakarta Barat (31.73) assessed on the edge of the 6-day limit.
    const enforcement = await token({ roles: ['enforcement_officer'], region: '31.73', agency: 'POLRI' });
    const rehab = await token({ roles: ['rehab_officer'], region: '31.73', agency: 'BNN' });
    const kase = await ok(
      api('POST', '/v1/enforcement/cases', {
        token: enforcement,
        body: { regionCode: '31.73', agency: 'POLRI', openedOn: '2024-07-01' },
      }),
    );
    const requests = [];
    for (const age of [27, 31]) {
      const suspect = await ok(
        api('POST', `/v1/enforcement/cases/${kase.id}/suspects`, {
          token: enforcement,
          body: { role: 'user', sex: 'male', age, nationality: 'ID' },
        }),
      );
      requests.push(
        await ok(
          api('POST', `/v1/enforcement/suspects/${suspect.id}/assessment-requests`, {
            token: enforcement,
            body: { requestedOn: '2024-07-02' },
          }),
        ),
      );
    }
    await eventually(async () => {
      const pending = await api('GET', '/v1/rehab/assessments?status=pending&regionCode=31.73', { token: rehab });
      expect(pending.body.items.map((a: any) => a.id)).toEqual(expect.arrayContaining(requests.map((r) => r.id)));
    });
    for (const [request, decidedOn] of [
      [requests[0], '2024-07-08'], // day 6: on time
      [requests[1], '2024-07-09'], // day 7: late
    ] as const) {
      await ok(
        api('POST', `/v1/rehab/assessments/${request.id}/result`, {
          token: rehab,
          body: { recommendation: 'legal_process', decidedOn },
        }),
        200,
      );
    }
    await eventually(async () => {
      const values = await indicators('31.73');
      expect(values['coordination.assessments_within_limit_pct'].value).toBe(50);
      expect(values['coordination.assessment_turnaround_days'].value).toBe(6.5);
    });
  });

  it('follows users to rehabilitation and dealers to court, for enforcement officers only at province level', async () => {
    // Jakarta Selatan (31.74): one case with a user, a dealer and a courier, prosecuted; the TAT
    // recommends rehabilitation for the user.
    const enforcement = await token({ roles: ['enforcement_officer'], region: '31.74', agency: 'POLRI' });
    const rehab = await token({ roles: ['rehab_officer'], region: '31.74', agency: 'BNN' });
    const kase = await ok(
      api('POST', '/v1/enforcement/cases', {
        token: enforcement,
        body: { regionCode: '31.74', agency: 'POLRI', openedOn: '2024-09-01' },
      }),
    );
    const suspects: Record<string, any> = {};
    for (const role of ['user', 'dealer', 'courier'] as const) {
      suspects[role] = await ok(
        api('POST', `/v1/enforcement/cases/${kase.id}/suspects`, {
          token: enforcement,
          body: { role, sex: 'male', age: 30, nationality: 'ID' },
        }),
      );
    }
    const request = await ok(
      api('POST', `/v1/enforcement/suspects/${suspects.user.id}/assessment-requests`, {
        token: enforcement,
        body: { requestedOn: '2024-09-02' },
      }),
    );
    await eventually(async () => {
      const pending = await api('GET', '/v1/rehab/assessments?status=pending&regionCode=31.74', { token: rehab });
      expect(pending.body.items.map((a: any) => a.id)).toContain(request.id);
    });
    await ok(
      api('POST', `/v1/rehab/assessments/${request.id}/result`, {
        token: rehab,
        body: { recommendation: 'inpatient', decidedOn: '2024-09-05' },
      }),
      200,
    );
    await ok(
      api('POST', `/v1/enforcement/cases/${kase.id}/stage`, {
        token: enforcement,
        body: { stage: 'prosecution', on: '2024-10-15' },
      }),
      200,
    );
    await eventually(async () => {
      const values = await indicators('31.74');
      expect(values['coordination.suspect_outcomes']).toMatchObject({
        value: 3,
        breakdowns: {
          outcome: { rehab: 1, court: 2 },
          roleOutcome: { 'user/rehab': 1, 'dealer/court': 1, 'courier/court': 1 },
        },
      });
    });
    // Below a province an enforcement officer does not see where suspects went; for DKI he does.
    const read = async (regionCode: string) =>
      (
        await api('GET', `/v1/reporting/indicators?regionCode=${regionCode}&year=2024`, { token: enforcement })
      ).body.indicators.find((i: any) => i.code === 'coordination.suspect_outcomes');
    expect(await read('31.74')).toMatchObject({ value: null, suppressed: true, breakdowns: {} });
    const dkiOfficer = await token({ roles: ['enforcement_officer'], region: '31', agency: 'POLRI' });
    const dki = (await api('GET', '/v1/reporting/indicators?regionCode=31&year=2024', { token: dkiOfficer })).body;
    const atDki = dki.indicators.find((i: any) => i.code === 'coordination.suspect_outcomes');
    expect(atDki.breakdowns.roleOutcome).toMatchObject({ 'dealer/court': 1, 'courier/court': 1 });
  });

  it("lists rehab's IBM work in a village by its agency, never by its number of admissions", async () => {
    // An IBM unit in Cengkareng Barat, registered today, admits a client in 2024: in 2024 rehab
    // (BNN) worked in the village, and the listing says so without a count of its clients.
    const village = '31.73.01.1001';
    const rehab = await token({ roles: ['rehab_officer'], region: '31.73', agency: 'BNN' });
    const prevention = await token({ roles: ['prevention_officer'], region: '31.73', agency: 'PEMDA' });
    await ok(
      api('POST', '/v1/prevention/vulnerable-areas', {
        token: prevention,
        body: { regionCode: village, name: 'Gang Sentiong', riskLevel: 'waspada', assessedOn: '2024-01-10' },
      }),
    );
    const unit = await ok(
      api('POST', '/v1/rehab/facilities', {
        token: rehab,
        body: { name: 'IBM Cengkareng Barat', kind: 'ibm_unit', regionCode: village },
      }),
    );
    const client = await ok(
      api('POST', '/v1/rehab/clients', {
        token: rehab,
        body: { identity: { fullName: 'Rudi Hartono', birthDate: '1998-02-02' }, sex: 'male', regionCode: village },
      }),
    );
    await ok(
      api('POST', `/v1/rehab/clients/${client.id}/admissions`, {
        token: rehab,
        body: {
          facilityId: unit.id,
          program: 'outpatient',
          source: 'voluntary',
          primarySubstance: 'cannabis',
          admittedOn: '2024-06-01',
        },
      }),
    );
    await eventually(async () => {
      const listed = await api('GET', '/v1/reporting/vulnerable-areas?regionCode=31.73.01&year=2024', {
        token: tokens.analyst,
      });
      const area = listed.body.areas.find((a: any) => a.name === 'Gang Sentiong');
      expect(area).toMatchObject({ agencies: ['BNN'], interventions: [{ agency: 'BNN', kind: 'ibm_unit', count: 0 }] });
    });
  });

  it("lets another agency's system read every event with the published JSON Schemas alone", async () => {
    // As a system in another language would: the files of packages/contracts/released/events,
    // one JSON Schema per event type, and nothing of Sinergi's TypeScript.
    const dir = join(REPO_ROOT, 'packages', 'contracts', 'released', 'events');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    const validators = new Map(
      readdirSync(dir).map((file) => [
        file.replace(/\.json$/, ''),
        ajv.compile(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
      ]),
    );
    const nc = await stack.ns.broker.connect('admin');
    const problems: string[] = [];
    const seen = new Map<string, number>();
    try {
      const jsm = await jetstreamManager(nc);
      for (const producer of ['rehab', 'enforcement', 'prevention', 'reporting'] as const) {
        const stream = stack.ns.names.stream(producer);
        if ((await jsm.streams.info(stream)).state.messages === 0) continue;
        const messages = await (await jetstream(nc).consumers.get(stream)).consume({ max_messages: 1000 });
        const timer = setTimeout(() => void messages.stop(), 30_000);
        try {
          for await (const m of messages) {
            const event = JSON.parse(m.string());
            const validate = validators.get(event.type);
            seen.set(event.type, (seen.get(event.type) ?? 0) + 1);
            if (!validate) problems.push(`${event.type}: no published schema`);
            else if (!validate(event)) problems.push(`${event.type}: ${ajv.errorsText(validate.errors)}`);
            if (m.info.pending === 0) break;
          }
        } finally {
          clearTimeout(timer);
          messages.stop();
        }
      }
    } finally {
      await nc.close();
    }
    expect(problems).toEqual([]);
    // The walk above wrote events of every domain service.
    expect([...seen.keys()].map((type) => type.split('.')[0])).toEqual(
      expect.arrayContaining(['rehab', 'enforcement', 'prevention']),
    );
  });
});
