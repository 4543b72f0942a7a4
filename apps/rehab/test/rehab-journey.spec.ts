/**
 * Rehab on real PostgreSQL and NATS, through the gateway: the client journey from registration
 * to overdue aftercare, a TAT-referred admission (enforcement's side played by this spec, which
 * publishes enforcement.assessment.requested.v1 itself), SKHPN certificates, audited identity
 * reads, bad input, and the privacy boundary (stream, logs, replies and the database role).
 */
import { randomUUID } from 'node:crypto';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { EnforcementEvents, RehabEvents, todayInJakarta } from '@sinergi/contracts';
import { ADMIN_URL, eventually } from '@sinergi/runtime/testing';
import pg from 'pg';
import { type ApiResponse, client, token } from '../../../test/support/http.js';
import { queryDb } from '../../../test/support/pg.js';
import { TestStack } from '../../../test/support/stack.js';

const stack = new TestStack('r', { services: ['rehab', 'gateway'] });
const ns = stack.ns;
const rawApi = client(() => stack.gateway.url);
const today = todayInJakarta();
const NOBODY = '00000000-0000-4000-8000-000000000000';
/** The spec's window on the broker: as its admin to read streams, as enforcement to publish requests. */
let nc: NatsConnection;
let enforcementNc: NatsConnection;
let jsm: JetStreamManager;
let officer: string;
let westOfficer: string;
let analyst: string;
let admin: string;
let clinicId: string;
let ibmUnitId: string;

/** Every identity this spec registers: none may appear anywhere but the identity endpoint. */
const identities: Array<{ fullName: string; nik: string; birthDate: string; address: string }> = [];
/** Every reply outside the identity endpoint, for the privacy scan; and the identity endpoint's own. */
const replies: string[] = [];
const identityReplies: string[] = [];

async function api(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const response = await rawApi(method, path, options);
  const identityRead = method === 'GET' && /^\/v1\/rehab\/clients\/[^/?]+$/.test(path);
  (identityRead ? identityReplies : replies).push(JSON.stringify(response.body ?? ''));
  return response;
}

function expectCreated(response: ApiResponse, status = 201) {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.anything() });
  return response.body;
}

async function registerClient(sex: 'male' | 'female' = 'male'): Promise<string> {
  const n = identities.length + 1;
  const identity = {
    fullName: `Bambang Suryaputra Ke${n}`,
    nik: `31720119088700${String(n).padStart(2, '0')}`,
    birthDate: `1987-0${(n % 9) + 1}-1${n % 10}`,
    address: `Gang Kelinci ${n}, Muara Angke`,
  };
  identities.push(identity);
  const body = expectCreated(
    await api('POST', '/v1/rehab/clients', { token: officer, body: { identity, sex, regionCode: '31.72.01.1001' } }),
  );
  return body.id;
}

async function admit(clientId: string, extra: Record<string, unknown> = {}) {
  return api('POST', `/v1/rehab/clients/${clientId}/admissions`, {
    token: officer,
    body: {
      facilityId: clinicId,
      program: 'outpatient',
      source: 'voluntary',
      primarySubstance: 'methamphetamine',
      admittedOn: '2024-01-05',
      ...extra,
    },
  });
}

function discharge(admissionId: string, outcome: string, dischargedOn = '2024-03-01') {
  return api('POST', `/v1/rehab/admissions/${admissionId}/discharge`, {
    token: officer,
    body: { outcome, dischargedOn },
  });
}

function startAftercare(admissionId: string, startedOn = '2024-03-02') {
  return api('POST', `/v1/rehab/admissions/${admissionId}/aftercare`, { token: officer, body: { startedOn } });
}

function followUp(aftercareId: string, date: string, status = 'abstinent', employed?: boolean) {
  return api('POST', `/v1/rehab/aftercare/${aftercareId}/follow-ups`, {
    token: officer,
    body: { date, status, ...(employed === undefined ? {} : { employed }) },
  });
}

/** A client admitted and discharged with the given outcome: the admission id. */
async function dischargedAdmission(outcome = 'completed'): Promise<string> {
  const admission = expectCreated(await admit(await registerClient()));
  expectCreated(await discharge(admission.id, outcome), 200);
  return admission.id;
}

async function overdue(regionCode = '31.72', as = officer) {
  const response = await api('GET', `/v1/rehab/aftercare/overdue?regionCode=${regionCode}`, { token: as });
  expect(response.status).toBe(200);
  return response.body.items as Array<{ aftercareId: string; missedMonths: number; missedDueOn: string }>;
}

interface StoredEvent {
  subject: string;
  data: string;
  envelope: { type: string; regionCode: string; payload: Record<string, unknown> };
}

/** Every message of the namespaced REHAB stream, once the outbox has published everything. */
async function rehabStream(): Promise<StoredEvent[]> {
  return eventually(async () => {
    const pending = await queryDb<{ n: string }>(
      ns.databaseUrl('rehab'),
      'select count(*) as n from outbox where published_at is null',
    );
    expect(Number(pending[0]?.n)).toBe(0);
    const stream = ns.names.stream('rehab');
    const info = await jsm.streams.info(stream);
    const events: StoredEvent[] = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq });
      const data = message.string();
      events.push({ subject: ns.names.unprefixed(message.subject), data, envelope: JSON.parse(data) });
    }
    return events;
  });
}

async function eventsOf(subject: string) {
  return (await rehabStream()).filter((e) => e.subject === subject).map((e) => e.envelope);
}

async function outboxCount(): Promise<number> {
  const rows = await queryDb<{ n: string }>(ns.databaseUrl('rehab'), 'select count(*) as n from outbox');
  return Number(rows[0]?.n);
}

/** Plays enforcement: an assessment request in the namespaced ENFORCEMENT stream, in its contract envelope. */
async function publishAssessmentRequest(
  assessmentId = randomUUID(),
  eventId = randomUUID(),
  requestedOn = '2024-05-01',
): Promise<string> {
  const contract = EnforcementEvents.assessmentRequested;
  const envelope = contract.envelope.parse({
    eventId,
    type: contract.subject,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    producer: 'enforcement',
    regionCode: '31.72',
    correlationId: 'rehab-spec',
    payload: {
      assessmentId,
      caseId: randomUUID(),
      suspectId: randomUUID(),
      regionCode: '31.72',
      requestedOn,
      dueOn: '2024-05-07',
      sex: 'male',
      ageBand: '25-29',
      assessmentEligible: true,
    },
  });
  await jetstream(enforcementNc).publish(ns.names.subject(contract.subject), JSON.stringify(envelope), {
    msgID: eventId,
  });
  return assessmentId;
}

async function pendingAssessments(): Promise<Array<{ id: string; status: string }>> {
  const response = await api('GET', '/v1/rehab/assessments?status=pending', { token: officer });
  expect(response.status).toBe(200);
  return response.body.items;
}

async function pendingAssessment(assessmentId: string): Promise<void> {
  await eventually(async () => expect((await pendingAssessments()).map((a) => a.id)).toContain(assessmentId));
}

function recordResult(assessmentId: string, recommendation: string, notes?: string) {
  return api('POST', `/v1/rehab/assessments/${assessmentId}/result`, {
    token: officer,
    body: { recommendation, decidedOn: '2024-05-04', ...(notes ? { notes } : {}) },
  });
}

beforeAll(async () => {
  await stack.start();
  nc = await ns.broker.connect('admin');
  enforcementNc = await ns.broker.connect('enforcement');
  jsm = await jetstreamManager(nc);
  officer = await token({ roles: ['rehab_officer'], region: '31.72', sub: 'officer-utara' });
  westOfficer = await token({ roles: ['rehab_officer'], region: '31.73', sub: 'officer-barat' });
  analyst = await token({ roles: ['analyst'], region: 'ID', sub: 'analyst-1' });
  admin = await token({ roles: ['admin'], region: 'ID', sub: 'admin-1' });
  clinicId = expectCreated(
    await api('POST', '/v1/rehab/facilities', {
      token: officer,
      body: { name: 'Klinik Pratama BNNK Jakarta Utara', kind: 'clinic', regionCode: '31.72' },
    }),
  ).id;
  ibmUnitId = expectCreated(
    await api('POST', '/v1/rehab/facilities', {
      token: officer,
      body: { name: 'IBM Penjaringan', kind: 'ibm_unit', regionCode: '31.72.01.1001' },
    }),
  ).id;
}, 90_000);

afterAll(async () => {
  await nc?.close();
  await enforcementNc?.close();
  await stack.stop();
}, 60_000);

describe('the client journey', () => {
  it('register → admit → discharge completed → aftercare → follow-ups → overdue list', async () => {
    const clientId = await registerClient('female');
    const admission = expectCreated(await admit(clientId));
    expect(admission).toMatchObject({ clientId, status: 'open', regionCode: '31.72' });

    const discharged = expectCreated(await discharge(admission.id, 'completed'), 200);
    expect(discharged).toMatchObject({ status: 'discharged', outcome: 'completed', dischargedOn: '2024-03-01' });

    const aftercare = expectCreated(await startAftercare(admission.id));
    expect(aftercare).toMatchObject({ admissionId: admission.id, clientId, startedOn: '2024-03-02' });
    expect(aftercare.dueDates).toEqual(['2024-04-02', '2024-06-02', '2024-09-02']);

    // All three due points have long passed: without follow-ups the first is the one missed.
    expect((await overdue()).find((o) => o.aftercareId === aftercare.id)).toMatchObject({
      missedMonths: 1,
      missedDueOn: '2024-04-02',
    });

    expectCreated(await followUp(aftercare.id, '2024-04-01', 'abstinent', true));
    expect((await overdue()).find((o) => o.aftercareId === aftercare.id)).toMatchObject({ missedMonths: 3 });

    expectCreated(await followUp(aftercare.id, '2024-05-10', 'relapsed'));
    expect((await overdue()).find((o) => o.aftercareId === aftercare.id)).toMatchObject({ missedMonths: 6 });

    const last = expectCreated(await followUp(aftercare.id, '2024-07-01', 'lost_contact', false));
    expect(last).toMatchObject({ aftercareId: aftercare.id, status: 'lost_contact', employed: false });
    expect((await overdue()).map((o) => o.aftercareId)).not.toContain(aftercare.id);

    const discharges = await eventsOf(RehabEvents.clientDischarged.subject);
    const mine = discharges.find((e) => e.payload.admissionId === admission.id);
    expect(mine?.regionCode).toBe('31.72');
    expect(mine?.payload).toEqual({
      admissionId: admission.id,
      clientId,
      program: 'outpatient',
      outcome: 'completed',
      admittedOn: '2024-01-05',
      dischargedOn: '2024-03-01',
    });
    expect((await eventsOf(RehabEvents.aftercareStarted.subject)).map((e) => e.payload)).toContainEqual({
      aftercareId: aftercare.id,
      admissionId: admission.id,
      clientId,
      startedOn: '2024-03-02',
      dischargedOn: '2024-03-01',
    });
    const followUps = (await eventsOf(RehabEvents.followUpRecorded.subject)).map((e) => e.payload);
    expect(followUps.filter((p) => p.aftercareId === aftercare.id)).toEqual([
      { aftercareId: aftercare.id, clientId, date: '2024-04-01', status: 'abstinent', employed: true },
      { aftercareId: aftercare.id, clientId, date: '2024-05-10', status: 'relapsed', employed: null },
      { aftercareId: aftercare.id, clientId, date: '2024-07-01', status: 'lost_contact', employed: false },
    ]);
  });

  it('shows the overdue list within the caller region only, to officers and analysts', async () => {
    const aftercare = expectCreated(await startAftercare(await dischargedAdmission()));
    expect((await overdue('31.72', analyst)).map((o) => o.aftercareId)).toContain(aftercare.id);
    expect((await overdue('31', analyst)).map((o) => o.aftercareId)).toContain(aftercare.id);
    expect((await overdue('31.73', analyst)).map((o) => o.aftercareId)).not.toContain(aftercare.id);
    expect((await overdue('31.73', westOfficer)).map((o) => o.aftercareId)).not.toContain(aftercare.id);
    const outside = await api('GET', '/v1/rehab/aftercare/overdue?regionCode=31.72', { token: westOfficer });
    // Refused either way: 403 from the committed runtime, 404 once scopedRegion answers outside the
    // caller's region with 404 (docs/architecture.md, "The gateway").
    expect([403, 404]).toContain(outside.status);
    expect(outside.body.items).toBeUndefined();
  });

  it('pages the overdue list without skipping or repeating', async () => {
    for (let i = 0; i < 3; i++) expectCreated(await startAftercare(await dischargedAdmission()));
    const all = await overdue();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/rehab/aftercare/overdue?regionCode=31.72&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api('GET', query, { token: officer });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((o: { aftercareId: string }) => o.aftercareId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((o) => o.aftercareId));
  });
});

describe('state rules answer 409 naming the rule', () => {
  // Every rule of an admission's and an aftercare's life is checked in-process in
  // use-cases.spec.ts; this checks that a refusal reaches the caller as 409 with the rule.
  it('refuses a second open admission', async () => {
    const clientId = await registerClient();
    expectCreated(await admit(clientId));
    const again = await admit(clientId);
    expect({ status: again.status, rule: again.body.rule }).toEqual({ status: 409, rule: 'one_open_admission' });
  });
});

describe('bad input', () => {
  it('answers 404 for unknown records and 400 naming the field, writing and publishing nothing', async () => {
    const completed = await dischargedAdmission();
    const aftercare = expectCreated(await startAftercare(completed)).id;
    const before = await outboxCount();
    const streamBefore = (await rehabStream()).length;

    expect((await discharge(NOBODY, 'completed')).status).toBe(404);
    expect((await startAftercare(NOBODY)).status).toBe(404);
    expect((await followUp(NOBODY, '2024-04-01')).status).toBe(404);
    expect((await recordResult(NOBODY, 'outpatient')).status).toBe(404);
    const noFacility = await api('POST', '/v1/rehab/certificates', {
      token: officer,
      body: {
        regionCode: '31.72',
        facilityId: NOBODY,
        issuedOn: '2024-02-01',
        purpose: 'employment',
        result: 'negative',
      },
    });
    expect(noFacility.status).toBe(404);

    const fields: Array<[Promise<ApiResponse>, string]> = [
      [discharge(completed, 'cured'), 'outcome'],
      [discharge(completed, 'completed', '2999-01-01'), 'dischargedOn'],
      [startAftercare(completed, '2999-01-01'), 'startedOn'],
      [followUp(aftercare, '2024-04-01', 'clean'), 'status'],
      [followUp(aftercare, '2999-04-01'), 'date'],
      [
        api('POST', '/v1/rehab/certificates', {
          token: officer,
          body: { regionCode: '31.72', facilityId: clinicId, issuedOn: '2024-02-01', purpose: 'x', result: 'maybe' },
        }),
        'purpose,result',
      ],
      [
        api('POST', '/v1/rehab/clients', {
          token: officer,
          body: {
            identity: { fullName: 'Tidak Sah', nik: '31720112', birthDate: '1990-01-01' },
            sex: 'male',
            regionCode: '31.72',
          },
        }),
        'identity.nik',
      ],
      [recordResult(randomUUID(), 'rehab'), 'recommendation'],
      [api('GET', '/v1/rehab/certificates?limit=-1', { token: officer }), 'limit'],
    ];
    for (const [request, field] of fields) {
      const response = await request;
      const paths = (response.body.errors ?? []).map((e: { path: string }) => e.path).sort();
      expect({ status: response.status, paths }).toEqual({ status: 400, paths: field.split(',') });
    }
    expect(await outboxCount()).toBe(before);
    expect((await rehabStream()).length).toBe(streamBefore);
  });
});

describe('SKHPN certificates', () => {
  it('issues certificates per facility and lists them by region, facility, result and date', async () => {
    const issue = (facilityId: string, regionCode: string, issuedOn: string, result: string) =>
      api('POST', '/v1/rehab/certificates', {
        token: officer,
        body: { regionCode, facilityId, issuedOn, purpose: 'employment', result },
      });
    const first = expectCreated(await issue(clinicId, '31.72', '2024-02-01', 'negative'));
    expectCreated(await issue(clinicId, '31.72.01', '2024-02-02', 'positive'));
    const village = expectCreated(await issue(ibmUnitId, '31.72.01.1001', '2024-03-01', 'negative'));
    expect(first).toMatchObject({ facilityId: clinicId, purpose: 'employment', result: 'negative' });

    const neighbour = await issue(ibmUnitId, '31.72.01', '2024-03-01', 'negative');
    expect(neighbour.status).toBe(422);
    expect(neighbour.body.errors).toEqual([expect.objectContaining({ path: 'regionCode' })]);

    const list = async (query: string) => {
      const response = await api('GET', `/v1/rehab/certificates?${query}`, { token: analyst });
      expect(response.status).toBe(200);
      return response.body.items as Array<{ id: string; result: string }>;
    };
    expect((await list('regionCode=31.72')).length).toBe(3);
    expect((await list('regionCode=31.72&result=positive')).map((c) => c.result)).toEqual(['positive']);
    expect((await list(`facilityId=${ibmUnitId}`)).map((c) => c.id)).toEqual([village.id]);
    expect((await list('from=2024-02-02&to=2024-02-28')).length).toBe(1);
    expect((await list('regionCode=31.73')).length).toBe(0);

    const events = await eventsOf(RehabEvents.certificateIssued.subject);
    expect(events.find((e) => e.payload.certificateId === first.id)?.payload).toEqual({
      certificateId: first.id,
      facilityId: clinicId,
      issuedOn: '2024-02-01',
      purpose: 'employment',
      result: 'negative',
    });
  });
});

describe('integrated assessment (TAT)', () => {
  it('queues the request, publishes only the outcome, and admits with source tat once', async () => {
    const eventId = randomUUID();
    const assessmentId = await publishAssessmentRequest(randomUUID(), eventId);
    await pendingAssessment(assessmentId);
    // The same request again (redelivery, or a re-publish under a new event id) stays one row.
    await publishAssessmentRequest(assessmentId, eventId);
    await publishAssessmentRequest(assessmentId);
    await eventually(async () => {
      const rows = await queryDb<{ n: string }>(ns.databaseUrl('rehab'), 'select count(*) as n from inbox');
      expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(2);
    });
    expect((await pendingAssessments()).filter((a) => a.id === assessmentId)).toHaveLength(1);

    const clientId = await registerClient();
    const early = await admit(clientId, { source: 'tat', assessmentId, admittedOn: '2024-05-05' });
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/no result/);

    const result = await recordResult(assessmentId, 'outpatient', 'Ketergantungan ringan; konseling mingguan');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: assessmentId, status: 'completed', recommendation: 'outpatient' });
    expect((await pendingAssessments()).map((a) => a.id)).not.toContain(assessmentId);
    expect((await recordResult(assessmentId, 'inpatient')).status).toBe(409);

    const completed = (await rehabStream()).filter((e) => e.subject === RehabEvents.assessmentCompleted.subject);
    const mine = completed.find((e) => e.envelope.payload.assessmentId === assessmentId);
    expect(mine?.envelope.payload).toEqual({ assessmentId, recommendation: 'outpatient', decidedOn: '2024-05-04' });
    expect(mine?.data).not.toMatch(/Ketergantungan|konseling/);

    const admission = expectCreated(await admit(clientId, { source: 'tat', assessmentId, admittedOn: '2024-05-05' }));
    expect(admission).toMatchObject({ source: 'tat', assessmentId });
    // The event names the referral only by a keyed reference: enforcement's assessment id, which
    // would let it join its suspect to this client's later journey, appears in no event naming a client.
    const admitted = await eventsOf(RehabEvents.clientAdmitted.subject);
    const event = admitted.find((e) => e.payload.admissionId === admission.id);
    expect(event?.payload).toMatchObject({ source: 'tat', referralRef: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(event?.payload.referralRef).not.toContain(assessmentId);
    // Only the assessment's own events name it: its outcome and, had the sweep found it past its
    // due date before the result, its overdue notice (rehab.assessment.overdue.v1, dates only).
    const naming = (await rehabStream()).filter((e) => e.data.includes(assessmentId)).map((e) => e.subject);
    expect(naming).toContain(RehabEvents.assessmentCompleted.subject);
    expect(
      naming.filter(
        (subject) =>
          subject !== RehabEvents.assessmentCompleted.subject && subject !== RehabEvents.assessmentOverdue.subject,
      ),
    ).toEqual([]);

    const again = await admit(await registerClient(), { source: 'tat', assessmentId, admittedOn: '2024-05-06' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already admitted/);
  });

  it('refuses a TAT admission on legal process, on an unknown assessment, or without an assessment', async () => {
    const legal = await publishAssessmentRequest();
    await pendingAssessment(legal);
    expect((await recordResult(legal, 'legal_process')).status).toBe(200);
    const before = await outboxCount();
    const clientId = await registerClient();
    const afterRegister = await outboxCount();
    expect(afterRegister).toBe(before + 1);

    const onLegal = await admit(clientId, { source: 'tat', assessmentId: legal, admittedOn: '2024-05-05' });
    expect(onLegal.status).toBe(409);
    expect(onLegal.body.detail).toMatch(/legal process/);
    const unknown = await admit(clientId, { source: 'tat', assessmentId: randomUUID(), admittedOn: '2024-05-05' });
    expect(unknown.status).toBe(409);
    expect((await admit(clientId, { source: 'tat' })).status).toBe(409);
    expect(await outboxCount()).toBe(afterRegister);
  });
});

describe('identity reads', () => {
  it('needs X-Purpose, is audited, and gives the identity only to a rehab officer in scope', async () => {
    const clientId = await registerClient('female');
    const identity = identities[identities.length - 1];

    const noPurpose = await api('GET', `/v1/rehab/clients/${clientId}`, { token: officer });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors).toEqual([expect.objectContaining({ path: 'X-Purpose' })]);

    const read = await api('GET', `/v1/rehab/clients/${clientId}`, {
      token: officer,
      headers: { 'x-purpose': 'verifikasi rujukan' },
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: clientId, sex: 'female', identity });

    const asAnalyst = await api('GET', `/v1/rehab/clients/${clientId}`, { token: analyst });
    expect(asAnalyst.status).toBe(200);
    expect(asAnalyst.body.identity).toBeUndefined();
    expect(asAnalyst.body).toMatchObject({ id: clientId, ageBand: expect.any(String) });

    const outside = await api('GET', `/v1/rehab/clients/${clientId}`, {
      token: westOfficer,
      headers: { 'x-purpose': 'x' },
    });
    expect(outside.status).toBe(404);
    const enforcement = await token({ roles: ['enforcement_officer'], region: 'ID', agency: 'POLRI' });
    expect((await api('GET', `/v1/rehab/clients/${clientId}`, { token: enforcement })).status).toBe(403);

    const audit = await api('GET', `/v1/rehab/audit?clientId=${clientId}`, { token: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ clientId, sub: 'officer-utara', agency: 'BNN', purpose: 'verifikasi rujukan' }),
    ]);
    const todays = await api('GET', `/v1/rehab/audit?from=${today}&to=${today}`, { token: admin });
    expect(todays.body.items.map((a: { clientId: string }) => a.clientId)).toContain(clientId);
    const longAgo = await api('GET', '/v1/rehab/audit?to=2020-01-01', { token: admin });
    expect(longAgo.body.items).toEqual([]);
    expect((await api('GET', '/v1/rehab/audit', { token: officer })).status).toBe(403);
  });
});

describe('the privacy boundary', () => {
  it('keeps every identity out of the REHAB stream, the service logs and every other reply', async () => {
    expect(identities.length).toBeGreaterThan(5);
    const stream = await rehabStream();
    expect(stream.length).toBeGreaterThan(20);
    const haystacks = {
      stream: stream.map((e) => e.data).join('\n'),
      logs: [...stack.services.values()].flatMap((s) => s.logs).join('\n'),
      replies: replies.join('\n'),
    };
    const leaks: string[] = [];
    for (const identity of identities) {
      for (const value of Object.values(identity)) {
        for (const [where, text] of Object.entries(haystacks))
          if (text.includes(value)) leaks.push(`${where}: ${value}`);
      }
    }
    expect(leaks).toEqual([]);
    // The scan does find an identity where one is allowed: in the audited identity reply.
    const read = identities.filter((identity) => identityReplies.join('\n').includes(identity.nik));
    expect(read).toHaveLength(1);
  });

  it('lets no other database role connect to the rehab database', async () => {
    const role = `sinergi_${ns.id}_intruder`;
    const adminDb = new pg.Client({ connectionString: ADMIN_URL });
    await adminDb.connect();
    try {
      await adminDb.query(`create role ${role} login password '${role}'`);
      const target = new URL(ns.databaseUrl('rehab'));
      target.username = role;
      target.password = role;
      const intruder = new pg.Client({ connectionString: target.toString() });
      await expect(intruder.connect()).rejects.toThrow(/permission denied for database/);
      await intruder.end().catch(() => undefined);

      const own = new pg.Client({ connectionString: ns.databaseUrl('rehab') });
      await own.connect();
      await own.end();
    } finally {
      await adminDb.query(`drop role if exists ${role}`);
      await adminDb.end();
    }
  });
});
