/**
 * The TAT's 6-day clock on enforcement's side, in-process against a real PostgreSQL database
 * (the medium tier, docs/architecture.md "Tests"): the request's days left and overdue state on
 * both sides of the due date, and rehab's overdue notice marking the request. tat-flow.spec.ts
 * runs the same path with rehab's sweep over the broker.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type AnyEvent, addDays, type Principal, RehabEvents, todayInJakarta } from '@sinergi/contracts';
import { createLogger, Outbox, RegionDirectory } from '@sinergi/runtime';
import { UseCaseDatabase } from '@sinergi/runtime/testing';
import { GetAssessmentRequestUseCase } from '../src/assessments/get-assessment-request.use-case.js';
import { ListAssessmentRequestsUseCase } from '../src/assessments/list-assessment-requests.use-case.js';
import { RecordAssessmentOverdueUseCase } from '../src/assessments/record-assessment-overdue.use-case.js';
import { RecordAssessmentResultUseCase } from '../src/assessments/record-assessment-result.use-case.js';
import { RequestAssessmentUseCase } from '../src/assessments/request-assessment.use-case.js';
import { OpenCaseUseCase } from '../src/cases/open-case.use-case.js';
import { ENFORCEMENT_ENTITIES, enforcementMigrations } from '../src/enforcement.service.js';
import { RecordSuspectUseCase } from '../src/suspects/record-suspect.use-case.js';

const db = new UseCaseDatabase('enforcement', { entities: ENFORCEMENT_ENTITIES, ...enforcementMigrations });
const officer: Principal = { sub: 'satresnarkoba', agency: 'POLRI', roles: ['enforcement_officer'], region: '16.73' };
const outbox = new Outbox('enforcement');
const logger = createLogger('enforcement-test', 'silent');
const regions = RegionDirectory.load();
const today = todayInJakarta();
let caseId: string;

/** A user-suspect's assessment request, made `daysAgo` days before today. */
async function requested(daysAgo: number): Promise<string> {
  const suspect = await new RecordSuspectUseCase(db.em(), outbox).execute(
    { caseId, role: 'user', sex: 'male', age: 24, nationality: 'ID' },
    officer,
  );
  const request = await new RequestAssessmentUseCase(db.em(), outbox).execute(
    { suspectId: suspect.id, requestedOn: addDays(today, -daysAgo) },
    officer,
  );
  return request.id;
}

function rehabEvent(
  contract: typeof RehabEvents.assessmentOverdue | typeof RehabEvents.assessmentCompleted,
  payload: object,
  occurredAt = new Date(),
): AnyEvent {
  return contract.envelope.parse({
    eventId: randomUUID(),
    type: contract.subject,
    version: contract.version,
    occurredAt: occurredAt.toISOString(),
    producer: 'rehab',
    regionCode: '16.73',
    correlationId: 'clock-spec',
    payload,
  }) as AnyEvent;
}

/** Applies one rehab event as enforcement's consumer does, in a transaction of its own. */
async function consume(event: AnyEvent): Promise<void> {
  await db.em().transactional(async (tx) => {
    if (event.type === RehabEvents.assessmentOverdue.subject)
      await new RecordAssessmentOverdueUseCase(logger).apply(tx, event);
    else await new RecordAssessmentResultUseCase(outbox, logger).apply(tx, event);
  });
}

const overdueNotice = (assessmentId: string, at = new Date()) => {
  const requestedOn = addDays(today, -7);
  return rehabEvent(RehabEvents.assessmentOverdue, { assessmentId, requestedOn, dueOn: addDays(requestedOn, 6) }, at);
};

const shown = (id: string) => new GetAssessmentRequestUseCase(db.em()).execute({ id }, officer);

async function listed(overdue?: boolean) {
  const page = await new ListAssessmentRequestsUseCase(db.em()).execute({ limit: 500, overdue }, officer);
  return new Map(page.items.map((item) => [item.id, item]));
}

beforeAll(async () => {
  await db.start();
  const opened = await new OpenCaseUseCase(db.em(), outbox, regions).execute(
    { regionCode: '16.73', agency: 'POLRI', openedOn: addDays(today, -60) },
    officer,
  );
  caseId = opened.id;
});
afterAll(() => db.stop());

describe("enforcement's requests show the 6-day clock", () => {
  it('gives days left and overdue on both sides of the due date, and stops the clock once decided', async () => {
    const dueYesterday = await requested(7);
    const dueToday = await requested(6);
    const decided = await requested(8);
    await consume(
      rehabEvent(RehabEvents.assessmentCompleted, {
        assessmentId: decided,
        recommendation: 'inpatient',
        decidedOn: today,
      }),
    );

    const items = await listed();
    const clock = (id: string) => {
      const item = items.get(id);
      return item && { daysLeft: item.daysLeft, overdue: item.overdue, overdueNotifiedOn: item.overdueNotifiedOn };
    };
    expect({ dueYesterday: clock(dueYesterday), dueToday: clock(dueToday), decided: clock(decided) }).toEqual({
      dueYesterday: { daysLeft: -1, overdue: true, overdueNotifiedOn: null },
      dueToday: { daysLeft: 0, overdue: false, overdueNotifiedOn: null },
      decided: { daysLeft: null, overdue: false, overdueNotifiedOn: null },
    });
    const overdue = await listed(true);
    expect([dueYesterday, dueToday, decided].filter((id) => overdue.has(id))).toEqual([dueYesterday]);
    const inTime = await listed(false);
    expect([dueYesterday, dueToday, decided].filter((id) => inTime.has(id))).toEqual([dueToday, decided]);
  });
});

describe("rehab's overdue notice", () => {
  it('marks a pending request with the day the notice was raised in Jakarta, once', async () => {
    const id = await requested(7);
    // 20:00 UTC is already the next day in Jakarta (UTC+7).
    await consume(overdueNotice(id, new Date(`${addDays(today, -1)}T20:00:00Z`)));
    expect((await shown(id)).overdueNotifiedOn).toBe(today);
    await consume(overdueNotice(id, new Date(`${addDays(today, 2)}T03:00:00Z`)));
    expect((await shown(id)).overdueNotifiedOn).toBe(today);
    expect((await listed(true)).get(id)).toMatchObject({ overdue: true, daysLeft: -1, overdueNotifiedOn: today });
  });

  it('leaves a decided request unmarked, and ignores a request it never made', async () => {
    const id = await requested(9);
    await consume(
      rehabEvent(RehabEvents.assessmentCompleted, { assessmentId: id, recommendation: 'outpatient', decidedOn: today }),
    );
    await consume(overdueNotice(id));
    expect(await shown(id)).toMatchObject({ status: 'completed', overdue: false, overdueNotifiedOn: null });
    await expect(consume(overdueNotice(randomUUID()))).resolves.toBeUndefined();
  });
});
