/**
 * Enforcement on real NATS and PostgreSQL, through the gateway: the integrated-assessment (TAT)
 * flow with rehab's results played by this spec (it publishes rehab.assessment.completed.v1
 * itself) and rehab's overdue sweep running for real, the privacy boundary, and the other
 * resources' rules.
 */
import { randomUUID } from 'node:crypto';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { EnforcementEvents, RehabEvents, todayInJakarta } from '@sinergi/contracts';
import { ensureDatabase } from '@sinergi/runtime';
import { ADMIN_URL, eventually } from '@sinergi/runtime/testing';
import pg from 'pg';
import { client, token } from '../../../test/support/http.js';
import { queryDb } from '../../../test/support/pg.js';
import { TestStack } from '../../../test/support/stack.js';
import { addDays } from '@sinergi/runtime';

// Rehab runs for its overdue sweep (rehab.assessment.overdue.v1), every 200 ms here instead of every minute.
const stack = new TestStack('n', {
  services: ['enforcement', 'rehab', 'gateway'],
  env: { rehab: { ASSESSMENT_SWEEP_EVERY_MS: '200' } },
});
const ns = stack.ns;
const api = client(() => stack.gateway.url);
const today = todayInJakarta();
/** The spec's window on the broker: as its admin to read streams, as rehab to publish results. */
let nc: NatsConnection;
let rehabNc: NatsConnection;
let jsm: JetStreamManager;
let officer: string;
let analyst: string;

async function openCase(regionCode = '16.73', openedOn = '2022-03-01'): Promise<string> {
  const response = await api('POST', '/v1/enforcement/cases', {
    token: officer,
    body: { regionCode, agency: 'POLRI', openedOn, reference: `LP/${randomUUID().slice(0, 8)}` },
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function recordSuspect(caseId: string, role: string, age = 27): Promise<string> {
  const response = await api('POST', `/v1/enforcement/cases/${caseId}/suspects`, {
    token: officer,
    body: { role, sex: 'male', age, nationality: 'ID' },
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function suspect(id: string) {
  const response = await api('GET', `/v1/enforcement/suspects/${id}`, { token: officer });
  expect(response.status).toBe(200);
  return response.body;
}

function seize(caseId: string, body: Record<string, unknown>) {
  return api('POST', `/v1/enforcement/cases/${caseId}/seizures`, {
    token: officer,
    body: { seizedOn: '2022-03-01', ...body },
  });
}

function requestAssessment(suspectId: string, requestedOn = today) {
  return api('POST', `/v1/enforcement/suspects/${suspectId}/assessment-requests`, {
    token: officer,
    body: { requestedOn },
  });
}

/** Plays rehab: the completed event in the namespaced REHAB stream, with the contract envelope. */
async function publishAssessmentCompleted(
  assessmentId: string,
  recommendation: 'outpatient' | 'inpatient' | 'legal_process',
  eventId = randomUUID(),
) {
  const envelope = RehabEvents.assessmentCompleted.envelope.parse({
    eventId,
    type: RehabEvents.assessmentCompleted.subject,
    version: RehabEvents.assessmentCompleted.version,
    occurredAt: new Date().toISOString(),
    producer: 'rehab',
    regionCode: '16.73',
    correlationId: 'enforcement-spec',
    payload: { assessmentId, recommendation, decidedOn: today },
  });
  return jetstream(rehabNc).publish(
    ns.names.subject(RehabEvents.assessmentCompleted.subject),
    JSON.stringify(envelope),
    {
      msgID: eventId,
    },
  );
}

/** Every event of one subject in the ENFORCEMENT stream, in order. */
async function enforcementEvents(subject: string): Promise<Array<{ payload: Record<string, unknown> }>> {
  return streamEvents('enforcement', subject);
}

/** Every event of one subject in a producer's stream, in order. */
async function streamEvents(
  producer: 'enforcement' | 'rehab',
  subject: string,
): Promise<Array<{ regionCode: string; payload: Record<string, unknown> }>> {
  const stream = ns.names.stream(producer);
  const info = await jsm.streams.info(stream);
  const events: Array<{ regionCode: string; payload: Record<string, unknown> }> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (message?.subject === ns.names.subject(subject)) events.push(message.json());
  }
  return events;
}

async function outboxCount(): Promise<number> {
  const rows = await queryDb<{ n: string }>(ns.databaseUrl('enforcement'), 'select count(*) as n from outbox');
  return Number(rows[0]?.n);
}

/** Waits until the relay has published every outbox row, then returns the stream's message count. */
async function settledStreamCount(): Promise<number> {
  return eventually(async () => {
    const pending = await queryDb<{ n: string }>(
      ns.databaseUrl('enforcement'),
      'select count(*) as n from outbox where published_at is null',
    );
    expect(Number(pending[0]?.n)).toBe(0);
    return (await jsm.streams.info(ns.names.stream('enforcement'))).state.messages;
  });
}

beforeAll(async () => {
  await stack.start();
  nc = await ns.broker.connect('admin');
  rehabNc = await ns.broker.connect('rehab');
  jsm = await jetstreamManager(nc);
  officer = await token({ roles: ['enforcement_officer'], region: '16.73', agency: 'POLRI' });
  analyst = await token({ roles: ['analyst'], region: 'ID' });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await rehabNc?.close();
  await stack.stop();
  await ns.cleanup(['rehab']); // the database the intruder test created
}, 60_000);

describe('integrated assessment (TAT)', () => {
  it('refers a user-suspect to rehab when rehab publishes an outpatient recommendation', async () => {
    const caseId = await openCase();
    const userId = await recordSuspect(caseId, 'user');
    const seizure = await seize(caseId, {
      suspectId: userId,
      substance: 'methamphetamine',
      quantity: '0.5',
      unit: 'g',
    });
    expect(seizure.status).toBe(201);
    expect(seizure.body).toMatchObject({ suspectId: userId, quantity: '0.5', withinOneDayUse: true });
    expect(await suspect(userId)).toMatchObject({ status: 'recorded', assessmentEligible: true, ageBand: '25-29' });

    const request = await requestAssessment(userId);
    expect(request.status).toBe(201);
    const assessmentId: string = request.body.id;
    expect(request.body).toMatchObject({
      suspectId: userId,
      caseId,
      status: 'pending',
      recommendation: null,
      requestedOn: today,
      dueOn: addDays(today, 6),
      overdue: false,
    });
    expect((await suspect(userId)).status).toBe('assessment_requested');

    // The request leaves through the outbox into ENFORCEMENT, shaped exactly as rehab's queue reads it.
    const requested = await eventually(async () => {
      const events = await enforcementEvents(EnforcementEvents.assessmentRequested.subject);
      const event = events.find((e) => e.payload.assessmentId === assessmentId);
      expect(event).toBeDefined();
      return event as { payload: Record<string, unknown> };
    });
    expect(EnforcementEvents.assessmentRequested.envelope.parse(requested)).toEqual(requested);
    expect(requested.payload).toEqual({
      assessmentId,
      caseId,
      suspectId: userId,
      regionCode: '16.73',
      requestedOn: today,
      dueOn: addDays(today, 6),
      sex: 'male',
      ageBand: '25-29',
      assessmentEligible: true,
    });

    const eventId = randomUUID();
    expect((await publishAssessmentCompleted(assessmentId, 'outpatient', eventId)).duplicate).toBe(false);
    await eventually(async () => expect((await suspect(userId)).status).toBe('referred_to_rehab'));

    const shown = await api('GET', `/v1/enforcement/assessment-requests/${assessmentId}`, { token: officer });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ status: 'completed', recommendation: 'outpatient', decidedOn: today });
    expect(Object.keys(shown.body).sort()).toEqual(
      [
        'id',
        'caseId',
        'suspectId',
        'regionCode',
        'requestedOn',
        'dueOn',
        'status',
        'recommendation',
        'decidedOn',
        'daysLeft',
        'overdue',
        'overdueNotifiedOn',
        'createdAt',
      ].sort(),
    );

    // A redelivery of the same event is dropped by JetStream and by the inbox alike.
    expect((await publishAssessmentCompleted(assessmentId, 'legal_process', eventId)).duplicate).toBe(true);
    const results = await eventually(async () => {
      const events = await enforcementEvents(EnforcementEvents.assessmentResultRecorded.subject);
      const mine = events.filter((e) => e.payload.assessmentId === assessmentId);
      expect(mine).toHaveLength(1);
      return mine;
    });
    expect(results[0]?.payload).toMatchObject({
      recommendation: 'outpatient',
      withinDeadline: true,
      suspectStatus: 'referred_to_rehab',
    });
  });

  it('sends a user-suspect to legal process on a legal_process recommendation', async () => {
    const caseId = await openCase();
    const userId = await recordSuspect(caseId, 'user', 41);
    const request = await requestAssessment(userId);
    expect(request.status).toBe(201);
    await publishAssessmentCompleted(request.body.id, 'legal_process');
    await eventually(async () => expect((await suspect(userId)).status).toBe('legal_process'));
    expect((await suspect(userId)).assessmentEligible).toBe(false); // no evidence found on them
  });

  it('refuses an assessment for a dealer (409) and a second one for the same user (409)', async () => {
    const caseId = await openCase();
    const dealerId = await recordSuspect(caseId, 'dealer');
    const before = await outboxCount();
    const refused = await requestAssessment(dealerId);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toMatch(/only a suspect with role user/);
    expect((await suspect(dealerId)).status).toBe('recorded');

    const userId = await recordSuspect(caseId, 'user');
    expect((await requestAssessment(userId)).status).toBe(201);
    expect((await requestAssessment(userId)).status).toBe(409);
    expect(await outboxCount()).toBe(before + 2); // the user and one request; nothing for the refusals
  });

  it('lists requests past 6 days without a result as overdue', async () => {
    const caseId = await openCase();
    const lateId = await recordSuspect(caseId, 'user');
    const late = await requestAssessment(lateId, addDays(today, -10));
    expect(late.status).toBe(201);
    expect(late.body.overdue).toBe(true);
    const onTimeId = await recordSuspect(caseId, 'user');
    const onTime = await requestAssessment(onTimeId, addDays(today, -6)); // due today: not yet overdue
    expect(onTime.body.overdue).toBe(false);
    const decidedId = await recordSuspect(caseId, 'user');
    const decided = await requestAssessment(decidedId, addDays(today, -20));
    await publishAssessmentCompleted(decided.body.id, 'inpatient');
    await eventually(async () => expect((await suspect(decidedId)).status).toBe('referred_to_rehab'));

    const overdue = await api('GET', '/v1/enforcement/assessment-requests?overdue=true&limit=500', { token: officer });
    expect(overdue.status).toBe(200);
    const ids = overdue.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(late.body.id);
    expect(ids).not.toContain(onTime.body.id);
    expect(ids).not.toContain(decided.body.id);
    expect(overdue.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);

    const analystView = await api('GET', '/v1/enforcement/assessment-requests?overdue=true&regionCode=16', {
      token: analyst,
    });
    expect(analystView.body.items.map((i: { id: string }) => i.id)).toContain(late.body.id);
    const elsewhere = await api('GET', '/v1/enforcement/assessment-requests?overdue=true&regionCode=31', {
      token: analyst,
    });
    expect(elsewhere.body.items).toEqual([]);
  });
});

describe("the 6-day clock's notice", () => {
  it("raises rehab's overdue event once for a request due yesterday, and both sides' lists show it", async () => {
    const caseId = await openCase();
    const lateId = await recordSuspect(caseId, 'user');
    const late = await requestAssessment(lateId, addDays(today, -7)); // due yesterday
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ overdue: true, daysLeft: -1, overdueNotifiedOn: null });
    const dueTodayId = await recordSuspect(caseId, 'user');
    const dueToday = await requestAssessment(dueTodayId, addDays(today, -6));
    expect(dueToday.body).toMatchObject({ overdue: false, daysLeft: 0 });

    // Rehab's sweep notices it and enforcement's consumer marks the request.
    const marked = await eventually(
      async () => {
        const list = await api('GET', '/v1/enforcement/assessment-requests?overdue=true&limit=500', { token: officer });
        expect(list.status).toBe(200);
        const item = list.body.items.find((i: { id: string }) => i.id === late.body.id);
        expect(item?.overdueNotifiedOn).toBe(today);
        return item;
      },
      { timeoutMs: 30_000 },
    );
    expect(marked).toMatchObject({ status: 'pending', overdue: true, daysLeft: -1 });

    // Rehab's queue shows the same clock and when the notice went out.
    const rehabOfficer = await token({ roles: ['rehab_officer'], region: '16.73', agency: 'BNN' });
    const queue = await api('GET', '/v1/rehab/assessments?overdue=true&limit=500', { token: rehabOfficer });
    expect(queue.status).toBe(200);
    const queued = queue.body.items.find((i: { id: string }) => i.id === late.body.id);
    expect(queued).toMatchObject({
      status: 'pending',
      dueOn: addDays(today, -1),
      daysLeft: -1,
      overdue: true,
      overdueNotifiedAt: expect.any(String),
    });
    expect(queue.body.items.map((i: { id: string }) => i.id)).not.toContain(dueToday.body.id);

    // One event, with the dates only; none for the request due today; and the gauge counts it.
    const notices = (await streamEvents('rehab', RehabEvents.assessmentOverdue.subject)).filter(
      (e) => e.payload.assessmentId === late.body.id || e.payload.assessmentId === dueToday.body.id,
    );
    expect(notices.map((e) => e.payload)).toEqual([
      { assessmentId: late.body.id, requestedOn: addDays(today, -7), dueOn: addDays(today, -1) },
    ]);
    expect(notices[0]?.regionCode).toBe('16.73');
    expect(
      (await api('GET', `/v1/enforcement/assessment-requests/${dueToday.body.id}`, { token: officer })).body,
    ).toMatchObject({ overdue: false, overdueNotifiedOn: null });
    const metrics = await (await fetch(stack.service('rehab').metricsUrl)).text();
    const notified = /^sinergi_assessments_overdue\{notified="true"\} (\d+)$/m.exec(metrics);
    expect(Number(notified?.[1])).toBeGreaterThanOrEqual(1);
  });
});

describe('the privacy boundary', () => {
  it("reads rehab only through a durable consumer filtered to the assessment's events", async () => {
    const info = await jsm.consumers.info(ns.names.stream('rehab'), ns.names.durable('enforcement', 'rehab'));
    expect(info.config.filter_subject).toBe(ns.names.subject('rehab.assessment.>'));
    const consumers = [];
    for await (const c of jsm.consumers.list(ns.names.stream('rehab'))) consumers.push(c.name);
    expect(consumers).toEqual([ns.names.durable('enforcement', 'rehab')]);
  });

  it("cannot connect to rehab's database with the enforcement role", async () => {
    await ensureDatabase({ url: ns.databaseUrl('rehab'), adminUrl: ADMIN_URL });
    const url = new URL(ns.databaseUrl('enforcement'));
    url.pathname = new URL(ns.databaseUrl('rehab')).pathname;
    const db = new pg.Client({ connectionString: url.toString() });
    const failure = await db.connect().then(
      () => undefined,
      (error: { code?: string; message: string }) => error,
    );
    await db.end().catch(() => undefined);
    expect(failure?.code).toBe('42501'); // insufficient_privilege
    expect(failure?.message).toMatch(/permission denied for database/);
  });
});

describe('the Lubuklinggau 2022 seeds', () => {
  it('keeps 307.527 g of methamphetamine exact and flags the suspect ineligible', async () => {
    const caseId = await openCase();
    const suspectId = await recordSuspect(caseId, 'courier', 33);
    const meth = await seize(caseId, { suspectId, substance: 'methamphetamine', quantity: 307.527, unit: 'g' });
    expect(meth.status).toBe(201);
    expect(meth.body).toMatchObject({ quantity: '307.527', withinOneDayUse: false });
    const ecstasy = await seize(caseId, { substance: 'mdma', quantity: '10', unit: 'tablet' });
    expect(ecstasy.status).toBe(201);
    expect(ecstasy.body).toMatchObject({ suspectId: null, quantity: '10', unit: 'tablet' });
    expect((await suspect(suspectId)).assessmentEligible).toBe(false);

    const stored = await queryDb<{ quantity: string }>(
      ns.databaseUrl('enforcement'),
      'select quantity::text as quantity from seizure where id = $1',
      [meth.body.id],
    );
    expect(stored).toEqual([{ quantity: '307.527000' }]);
    const event = await eventually(async () => {
      const events = await enforcementEvents(EnforcementEvents.seizureRecorded.subject);
      const found = events.find((e) => e.payload.seizureId === meth.body.id);
      expect(found).toBeDefined();
      return found as { payload: Record<string, unknown> };
    });
    expect(event.payload).toMatchObject({ quantity: '307.527', suspectAssessmentEligible: false });
  });

  it('turns a suspect ineligible once one seizure exceeds its limit', async () => {
    const caseId = await openCase();
    const suspectId = await recordSuspect(caseId, 'user');
    expect((await seize(caseId, { suspectId, substance: 'mdma', quantity: '8', unit: 'tablet' })).status).toBe(201);
    expect((await suspect(suspectId)).assessmentEligible).toBe(true);
    expect((await seize(caseId, { suspectId, substance: 'cannabis', quantity: '5.01', unit: 'g' })).status).toBe(201);
    expect((await suspect(suspectId)).assessmentEligible).toBe(false);
  });

  it('records a nightlife raid and the Jakarta prison occupancy', async () => {
    const jakarta = await token({ roles: ['enforcement_officer'], region: '31', agency: 'BNN' });
    const raid = await api('POST', '/v1/enforcement/operations', {
      token: jakarta,
      body: {
        regionCode: '31.72',
        kind: 'raid',
        venueType: 'nightlife',
        on: '2024-08-17',
        peopleTested: 64,
        positives: 9,
      },
    });
    expect(raid.status).toBe(201);
    expect(raid.body).toMatchObject({ kind: 'raid', venueType: 'nightlife', peopleTested: 64, positives: 9 });

    const snapshot = {
      regionCode: '31',
      facilityName: 'Lapas dan Rutan DKI Jakarta',
      on: '2025-05-31',
      capacity: 5919,
      occupancy: 13347,
      narcoticsInmates: 8585,
    };
    const recorded = await api('POST', '/v1/enforcement/prison-snapshots', { token: jakarta, body: snapshot });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject(snapshot);
    const again = await api('POST', '/v1/enforcement/prison-snapshots', { token: jakarta, body: snapshot });
    expect(again.status).toBe(409);
  });
});

describe('case stages', () => {
  it('moves forward only, and a closed case takes nothing more', async () => {
    const caseId = await openCase();
    const stage = (to: string, on = '2022-06-01') =>
      api('POST', `/v1/enforcement/cases/${caseId}/stage`, { token: officer, body: { stage: to, on } });

    expect((await stage('trial')).status).toBe(409); // no skipping prosecution
    const prosecution = await stage('prosecution', '2022-04-01');
    expect(prosecution.status).toBe(200);
    expect(prosecution.body).toMatchObject({ stage: 'prosecution', stageChangedOn: '2022-04-01' });
    const back = await stage('investigation');
    expect(back.status).toBe(409);
    expect(back.body.detail).toMatch(/cannot go back/);
    const early = await stage('trial', '2022-03-15');
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([expect.objectContaining({ path: 'on' })]);
    expect((await stage('trial')).status).toBe(200);
    expect((await stage('closed', '2022-09-01')).status).toBe(200);
    expect((await stage('trial', '2022-09-02')).status).toBe(409);

    const late = await api('POST', `/v1/enforcement/cases/${caseId}/suspects`, {
      token: officer,
      body: { role: 'user', sex: 'female', age: 22, nationality: 'ID' },
    });
    expect(late.status).toBe(409);
    const shown = await api('GET', `/v1/enforcement/cases/${caseId}`, { token: analyst });
    expect(shown.body.stage).toBe('closed');
    const changes = await eventually(async () => {
      const events = await enforcementEvents(EnforcementEvents.caseStageChanged.subject);
      const mine = events.filter((e) => e.payload.caseId === caseId);
      expect(mine).toHaveLength(3);
      return mine;
    });
    expect(changes.map((e) => [e.payload.from, e.payload.to])).toEqual([
      ['investigation', 'prosecution'],
      ['prosecution', 'trial'],
      ['trial', 'closed'],
    ]);
  });
});

describe('bad input', () => {
  it('answers 404, 400 or 422 naming the field, writing nothing and publishing nothing', async () => {
    const caseId = await openCase();
    const messagesBefore = await settledStreamCount();
    const outboxBefore = await outboxCount();
    const missing = '00000000-0000-4000-8000-000000000000';

    const cases: Array<[string, string, unknown, number, string[]?]> = [
      [
        'POST',
        `/v1/enforcement/cases/${missing}/suspects`,
        { role: 'user', sex: 'male', age: 30, nationality: 'ID' },
        404,
      ],
      [
        'POST',
        `/v1/enforcement/cases/${missing}/seizures`,
        { substance: 'heroin', quantity: '1', unit: 'g', seizedOn: '2022-03-01' },
        404,
      ],
      [
        'POST',
        `/v1/enforcement/cases/${caseId}/seizures`,
        { suspectId: missing, substance: 'heroin', quantity: '1', unit: 'g', seizedOn: '2022-03-01' },
        404,
      ],
      ['POST', `/v1/enforcement/suspects/${missing}/assessment-requests`, { requestedOn: today }, 404],
      ['GET', `/v1/enforcement/assessment-requests/${missing}`, undefined, 404],
      [
        'POST',
        `/v1/enforcement/cases/${caseId}/seizures`,
        { substance: 'heroin', quantity: '0', unit: 'g', seizedOn: '2022-03-01' },
        400,
        ['quantity'],
      ],
      [
        'POST',
        `/v1/enforcement/cases/${caseId}/seizures`,
        { substance: 'heroin', quantity: -1.5, unit: 'g', seizedOn: '2022-03-01' },
        400,
        ['quantity'],
      ],
      [
        'POST',
        `/v1/enforcement/cases/${caseId}/seizures`,
        { substance: 'heroin', quantity: '1.2345678', unit: 'g', seizedOn: '2022-03-01' },
        400,
        ['quantity'],
      ],
      [
        'POST',
        `/v1/enforcement/cases/${caseId}/seizures`,
        { substance: 'methamphetamine', quantity: '3', unit: 'plant', seizedOn: '2022-03-01' },
        400,
        ['unit'],
      ],
      [
        'POST',
        `/v1/enforcement/cases/${caseId}/seizures`,
        { substance: 'heroin', quantity: '1', unit: 'kg', seizedOn: '2022-03-01' },
        400,
        ['unit'],
      ],
      [
        'POST',
        '/v1/enforcement/operations',
        { regionCode: '16.73', kind: 'raid', on: '2022-03-01', peopleTested: 10, positives: 11 },
        400,
        ['positives'],
      ],
      [
        'POST',
        '/v1/enforcement/prison-snapshots',
        {
          regionCode: '16.73',
          facilityName: 'Lapas Lubuklinggau',
          on: '2022-03-01',
          capacity: 100,
          occupancy: 90,
          narcoticsInmates: 91,
        },
        400,
        ['narcoticsInmates'],
      ],
      [
        'POST',
        '/v1/enforcement/cases',
        { regionCode: '16.99', agency: 'BNN', openedOn: '2022-03-01' },
        422,
        ['regionCode'],
      ],
      [
        'POST',
        '/v1/enforcement/cases',
        { regionCode: '16.73', agency: 'KPK', openedOn: '2999-01-01' },
        400,
        ['agency', 'openedOn'],
      ],
    ];
    for (const [method, path, body, status, fields] of cases) {
      const response = await api(method, path, { token: officer, body });
      expect({ path, body, status: response.status }).toEqual({ path, body, status });
      if (fields) expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(fields.sort());
    }

    expect(await outboxCount()).toBe(outboxBefore);
    expect(await settledStreamCount()).toBe(messagesBefore);
  });

  it('hides another region: an officer of Jakarta Utara gets 404 for a Lubuklinggau case', async () => {
    const caseId = await openCase();
    const north = await token({ roles: ['enforcement_officer'], region: '31.72' });
    const hidden = await api('GET', `/v1/enforcement/cases/${caseId}`, { token: north });
    expect(hidden.status).toBe(404);
    const write = await api('POST', `/v1/enforcement/cases/${caseId}/suspects`, {
      token: north,
      body: { role: 'user', sex: 'male', age: 30, nationality: 'ID' },
    });
    expect(write.status).toBe(404);
    const rehabOfficer = await token({ roles: ['rehab_officer'], region: '16.73' });
    expect((await api('GET', `/v1/enforcement/cases/${caseId}`, { token: rehabOfficer })).status).toBe(403);
  });
});
