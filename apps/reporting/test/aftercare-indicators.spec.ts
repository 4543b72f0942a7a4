/**
 * Reporting's aftercare figures against the shared rule (packages/contracts/src/aftercare-schedule.ts),
 * on a real PostgreSQL database migrated as reporting's (the medium tier, docs/architecture.md
 * "Tests"): the overdue SQL is checked against `missedFollowUp` on generated schedules, and both
 * figures are computed end to end by CoordinationQuery from rows of the coordination tables.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { addDays, addMonths, FOLLOW_UP_MONTHS, followUpSchedule, missedFollowUp } from '@sinergi/contracts';
import { UseCaseDatabase } from '@sinergi/runtime/testing';
import fc from 'fast-check';
import { CoordinationQuery, overdueFollowUpsSql } from '../src/indicators/coordination.query.js';
import { REPORTING_ENTITIES, reportingMigrations } from '../src/reporting.service.js';

const db = new UseCaseDatabase('reporting', { entities: REPORTING_ENTITIES, ...reportingMigrations }, [
  'approval_step',
]);

beforeAll(() => db.start());
afterAll(() => db.stop());

/** The roll-up columns of a village: `36.01.01.2001` for the generated cases, `31.72.01.1001` for the figures. */
function located(village: string) {
  const [p, r, d] = village.split('.');
  return [village, p, `${p}.${r}`, `${p}.${r}.${d}`];
}

async function aftercare(village: string, clientId: string, startedOn: string): Promise<string> {
  const id = randomUUID();
  await db.rows(
    `insert into aftercare (aftercare_id, region_code, province_code, regency_code, district_code, client_id, started_on)
     values (?, ?, ?, ?, ?, ?, ?)`,
    [id, ...located(village), clientId, startedOn],
  );
  return id;
}

async function followUp(clientId: string, aftercareId: string | null, date: string): Promise<void> {
  await db.rows('insert into follow_up (id, client_id, aftercare_id, date) values (?, ?, ?, ?)', [
    randomUUID(),
    clientId,
    aftercareId,
    date,
  ]);
}

async function episode(village: string, clientId: string, admittedOn: string, dischargedOn: string | null) {
  await db.rows(
    `insert into rehab_episode (admission_id, region_code, province_code, regency_code, district_code, client_id,
       admitted_on, outcome, discharged_on) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [randomUUID(), ...located(village), clientId, admittedOn, dischargedOn ? 'completed' : null, dischargedOn],
  );
}

/** Reporting's verdict on one aftercare, by the exact SQL its indicator counts with. */
async function overdueInReporting(startedOn: string, followUps: string[], asOf: string): Promise<boolean> {
  const clientId = randomUUID();
  const id = await aftercare('36.01.01.2001', clientId, startedOn);
  for (const date of followUps) await followUp(clientId, id, date);
  const [row] = await db.rows<{ n: string }>(overdueFollowUpsSql('c.aftercare_id = ?'), [asOf, id]);
  return Number(row?.n) === 1;
}

/** `YYYY-MM-DD` of a day of a month, the month's last day where it has fewer. */
function isoDay(year: number, month: number, day: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const last = Number(addDays(addMonths(first, 1), -1).slice(8));
  return `${first.slice(0, 8)}${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** Rehab's verdict as of the start of `asOf`: what had been recorded before that day. */
const overdueInRehab = (startedOn: string, followUps: string[], asOf: string) =>
  missedFollowUp(
    startedOn,
    followUps.filter((date) => date < asOf),
    asOf,
  ) !== undefined;

describe('calendar months in PostgreSQL', () => {
  it('adds FOLLOW_UP_MONTHS to every day of six years exactly as addMonths does (month ends clamp)', async () => {
    const columns = FOLLOW_UP_MONTHS.map((m) => `(d::date + interval '${m} month')::date::text as m${m}`);
    const rows = await db.rows<Record<string, string>>(
      `select d::date::text as start, ${columns.join(', ')}
       from generate_series('2023-01-01'::date, '2028-12-31'::date, interval '1 day') d`,
    );
    expect(rows).toHaveLength(2192);
    const differing = rows.filter((row) =>
      FOLLOW_UP_MONTHS.some((m) => row[`m${m}`] !== addMonths(row.start as string, m)),
    );
    expect(differing).toEqual([]);
  });
});

describe("reporting's overdue SQL is missedFollowUp", () => {
  it('counts three follow-ups in month 1 as overdue once the 3-month point passes', async () => {
    const start = '2024-01-10'; // due 2024-02-10, 2024-04-10, 2024-07-10
    const followUps = ['2024-01-15', '2024-01-20', '2024-01-25'];
    expect(overdueInRehab(start, followUps, '2024-04-11')).toBe(true);
    expect(await overdueInReporting(start, followUps, '2024-04-11')).toBe(true);
    expect(await overdueInReporting(start, followUps, '2024-04-10')).toBe(false);
  });

  it('agrees on generated starts, follow-ups and as-of dates', async () => {
    const day = fc.record({
      year: fc.integer({ min: 2020, max: 2030 }),
      month: fc.integer({ min: 1, max: 12 }),
      // Month ends are where calendar arithmetic goes wrong: ask for them often.
      day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 28, max: 31 })),
    });
    const start = day.map(({ year, month, day }) => isoDay(year, month, day));
    // A date near the schedule: anywhere from before the start to past the last point, or a
    // day either side of the start or a due point.
    const near = (startedOn: string) => {
      const points = [startedOn, ...followUpSchedule(startedOn).map((p) => p.dueOn)];
      return fc.oneof(
        fc.integer({ min: -40, max: 220 }).map((n) => addDays(startedOn, n)),
        fc
          .record({ k: fc.integer({ min: 0, max: points.length - 1 }), delta: fc.integer({ min: -1, max: 1 }) })
          .map(({ k, delta }) => addDays(points[k] as string, delta)),
      );
    };
    const cases = start.chain((startedOn) =>
      fc.record({
        startedOn: fc.constant(startedOn),
        followUps: fc.array(near(startedOn), { maxLength: 4 }),
        asOf: near(startedOn),
      }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ startedOn, followUps, asOf }) => {
        expect(await overdueInReporting(startedOn, followUps, asOf)).toBe(overdueInRehab(startedOn, followUps, asOf));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the aftercare figures of a period', () => {
  const query = () => new CoordinationQuery(db.em());
  const village = '31.72.01.1001';

  it('counts a client overdue by the schedule, not by the number of follow-ups', async () => {
    const clientId = randomUUID();
    const id = await aftercare('31.71.01.1001', clientId, '2024-01-10');
    for (const date of ['2024-01-15', '2024-01-20', '2024-01-25']) await followUp(clientId, id, date);
    const overdue = async (month: number) =>
      (await query().compute('31.71', { year: 2024, month })).get('coordination.overdue_follow_ups')?.value;
    expect(await overdue(1)).toBe(0); // judged on 1 February: nothing due yet
    expect(await overdue(3)).toBe(0); // 1 April: the 1-month point was met
    expect(await overdue(4)).toBe(1); // 1 May: the 3-month point passed with nothing since 10 February
  });

  it('covers a completed client followed up by their first due point, or within 30 days without aftercare', async () => {
    const clients = Array.from({ length: 5 }, () => randomUUID());
    const [onDueDay, dayAfterDue, withinDays, pastDays, readmitted] = clients as [
      string,
      string,
      string,
      string,
      string,
    ];
    // Aftercare five days after the discharge: first due 2024-05-05, 35 days after it.
    await episode(village, onDueDay, '2024-01-02', '2024-03-31');
    await followUp(onDueDay, await aftercare(village, onDueDay, '2024-04-05'), '2024-05-05');
    await episode(village, dayAfterDue, '2024-01-02', '2024-03-10');
    await followUp(dayAfterDue, await aftercare(village, dayAfterDue, '2024-03-10'), '2024-04-11');
    // No aftercare: the 30 days after the discharge.
    await episode(village, withinDays, '2024-01-02', '2024-03-15');
    await followUp(withinDays, null, '2024-04-14');
    await episode(village, pastDays, '2024-01-02', '2024-03-20');
    await followUp(pastDays, null, '2024-04-20');
    // Readmitted before any aftercare: the aftercare of the second treatment is not the first's.
    await episode(village, readmitted, '2024-01-02', '2024-03-05');
    await episode(village, readmitted, '2024-03-25', '2024-04-30');
    await followUp(readmitted, await aftercare(village, readmitted, '2024-05-01'), '2024-05-10');

    const figures = await query().compute('31.72', { year: 2024, month: 3 });
    expect(figures.get('rehab.aftercare_coverage')).toEqual({
      value: 40,
      breakdowns: { counts: { followed: 2, completed: 5 } },
    });
    const april = await query().compute('31.72', { year: 2024, month: 4 });
    expect(april.get('rehab.aftercare_coverage')?.breakdowns).toEqual({ counts: { followed: 1, completed: 1 } });
  });
});
