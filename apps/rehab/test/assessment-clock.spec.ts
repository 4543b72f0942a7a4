/**
 * The TAT's 6-day clock on rehab's side, in-process against a real PostgreSQL database (the
 * medium tier, docs/architecture.md "Tests"): the queue's due date, days left and overdue state,
 * its `overdue` filter, and the sweep that raises rehab.assessment.overdue.v1 at most once per
 * assessment. rehab-journey.spec.ts and apps/enforcement/test/tat-flow.spec.ts run the same
 * sweep in the service, over the broker.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  addDays,
  assessmentDueOn,
  EnforcementEvents,
  type Principal,
  RehabEvents,
  todayInJakarta,
} from '@sinergi/contracts';
import { createLogger, Outbox } from '@sinergi/runtime';
import { UseCaseDatabase } from '@sinergi/runtime/testing';
import { AssessmentOverdueSweep } from '../src/assessments/assessment-overdue.sweep.js';
import { ListAssessmentsUseCase } from '../src/assessments/list-assessments.use-case.js';
import { ReceiveAssessmentRequestUseCase } from '../src/assessments/receive-assessment-request.use-case.js';
import { RecordAssessmentResultUseCase } from '../src/assessments/record-assessment-result.use-case.js';
import { REHAB_ENTITIES, rehabMigrations } from '../src/rehab.service.js';

const db = new UseCaseDatabase('rehab', { entities: REHAB_ENTITIES, ...rehabMigrations }, ['identity_audit']);
const officer: Principal = { sub: 'tat-jakut', agency: 'BNN', roles: ['rehab_officer'], region: '31.72' };
const outbox = new Outbox('rehab');
const logger = createLogger('rehab-test', 'silent');
const today = todayInJakarta();

const sweeper = (batchSize = 100) =>
  new AssessmentOverdueSweep(db.em(), outbox, { everyMs: 60_000, batchSize }, logger);

/** Enforcement's request as rehab's consumer applies it, requested `daysAgo` days before today. */
async function requested(daysAgo: number, regionCode = '31.72'): Promise<string> {
  const assessmentId = randomUUID();
  const requestedOn = addDays(today, -daysAgo);
  const event = EnforcementEvents.assessmentRequested.envelope.parse({
    eventId: randomUUID(),
    type: EnforcementEvents.assessmentRequested.subject,
    version: EnforcementEvents.assessmentRequested.version,
    occurredAt: new Date().toISOString(),
    producer: 'enforcement',
    regionCode,
    correlationId: 'clock-spec',
    payload: {
      assessmentId,
      caseId: randomUUID(),
      suspectId: randomUUID(),
      regionCode,
      requestedOn,
      dueOn: assessmentDueOn(requestedOn),
      sex: 'male',
      ageBand: '25-29',
      assessmentEligible: true,
    },
  });
  const em = db.em();
  await em.transactional((tx) => new ReceiveAssessmentRequestUseCase().apply(tx, event));
  return assessmentId;
}

async function decide(assessmentId: string): Promise<void> {
  await new RecordAssessmentResultUseCase(db.em(), outbox).execute(
    { id: assessmentId, recommendation: 'outpatient', decidedOn: today, notes: 'Ketergantungan ringan' },
    officer,
  );
}

/** The overdue events in the outbox naming one assessment, as the relay would publish them. */
async function overdueEvents(assessmentId: string) {
  const rows = await db.rows<{ envelope: { regionCode: string; payload: Record<string, unknown> } }>(
    `select envelope from outbox where subject = ? and envelope->'payload'->>'assessmentId' = ?`,
    [RehabEvents.assessmentOverdue.subject, assessmentId],
  );
  return rows.map((row) => row.envelope);
}

async function listed(query: { overdue?: boolean; status?: 'pending' | 'completed' } = {}) {
  const page = await new ListAssessmentsUseCase(db.em()).execute({ limit: 500, ...query }, officer);
  return new Map(page.items.map((item) => [item.id, item]));
}

beforeAll(() => db.start());
afterAll(() => db.stop());

describe("rehab's queue shows the 6-day clock", () => {
  it('gives each assessment its due date, days left and overdue state on both sides of the due date', async () => {
    const dueYesterday = await requested(7);
    const dueToday = await requested(6);
    const dueTomorrow = await requested(5);
    const decidedLate = await requested(20);
    await decide(decidedLate);

    const items = await listed();
    const clock = (id: string) => {
      const item = items.get(id);
      return item && { dueOn: item.dueOn, daysLeft: item.daysLeft, overdue: item.overdue };
    };
    expect({
      dueYesterday: clock(dueYesterday),
      dueToday: clock(dueToday),
      dueTomorrow: clock(dueTomorrow),
      decidedLate: clock(decidedLate),
    }).toEqual({
      dueYesterday: { dueOn: addDays(today, -1), daysLeft: -1, overdue: true },
      dueToday: { dueOn: today, daysLeft: 0, overdue: false },
      dueTomorrow: { dueOn: addDays(today, 1), daysLeft: 1, overdue: false },
      decidedLate: { dueOn: addDays(today, -14), daysLeft: null, overdue: false },
    });

    const overdue = await listed({ overdue: true });
    expect([dueYesterday, dueToday, dueTomorrow, decidedLate].filter((id) => overdue.has(id))).toEqual([dueYesterday]);
    expect([...overdue.values()].every((item) => item.overdue)).toBe(true);
    const inTime = await listed({ overdue: false });
    expect([dueYesterday, dueToday, dueTomorrow, decidedLate].filter((id) => inTime.has(id))).toEqual([
      dueToday,
      dueTomorrow,
      decidedLate,
    ]);
    // The filters combine: a decided assessment is never in the overdue queue.
    expect((await listed({ overdue: true, status: 'completed' })).size).toBe(0);
  });
});

describe('the overdue sweep', () => {
  it('raises one event for a request due yesterday and still pending, with its dates only', async () => {
    const id = await requested(7);
    await sweeper().sweep(today);

    const events = await overdueEvents(id);
    expect(events).toHaveLength(1);
    expect(events[0]?.regionCode).toBe('31.72');
    expect(events[0]?.payload).toEqual({
      assessmentId: id,
      requestedOn: addDays(today, -7),
      dueOn: addDays(today, -1),
    });
    const shown = (await listed()).get(id);
    expect(shown?.overdueNotifiedAt).toEqual(expect.any(String));
  });

  it('raises it once however often it runs', async () => {
    const id = await requested(9);
    await sweeper().sweep(today);
    await sweeper().sweep(today);
    await sweeper().sweep(addDays(today, 3));
    expect(await overdueEvents(id)).toHaveLength(1);
  });

  it('raises nothing for a decided request, nor for one due today', async () => {
    const decided = await requested(10);
    await decide(decided);
    const dueToday = await requested(6);
    await sweeper().sweep(today);
    expect(await overdueEvents(decided)).toHaveLength(0);
    expect(await overdueEvents(dueToday)).toHaveLength(0);
    expect((await listed()).get(dueToday)?.overdueNotifiedAt).toBeNull();
    // The next day it is late, and says so.
    await sweeper().sweep(addDays(today, 1));
    expect(await overdueEvents(dueToday)).toHaveLength(1);
  });

  it('raises one event per assessment when replicas sweep at once, in bounded batches', async () => {
    const ids = await Promise.all(Array.from({ length: 23 }, (_, i) => requested(7 + (i % 3))));
    await Promise.all([sweeper(4).sweep(today), sweeper(4).sweep(today), sweeper(4).sweep(today)]);
    const counts = await Promise.all(ids.map(async (id) => (await overdueEvents(id)).length));
    expect(counts).toEqual(ids.map(() => 1));
  });

  it('counts for the gauge what is overdue now, and whether its event was raised', async () => {
    await sweeper().sweep(today);
    const before = await sweeper().overdueCounts(today);
    expect(before.unnotified).toBe(0);
    await requested(8);
    await requested(8);
    await requested(3); // not due yet
    expect(await sweeper().overdueCounts(today)).toEqual({ notified: before.notified, unnotified: 2 });
    expect(await sweeper().sweep(today)).toBe(2);
    expect(await sweeper().overdueCounts(today)).toEqual({ notified: before.notified + 2, unnotified: 0 });
  });
});
