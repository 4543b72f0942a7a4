/**
 * The nation as the sum of its provinces, each kept until its own figures change, and a report
 * set's snapshot of every region at once, the completeness of reporting units, and the 14-day
 * referral rule: on real PostgreSQL, with aggregates written the way the projection writes them.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, ormOptions, RegionDirectory, RUNTIME_ENTITIES } from '@sinergi/runtime';
import { TestNamespace } from '@sinergi/runtime/testing';
// The service's module first: it loads the modules in the order the service does.
import { REPORTING_ENTITIES, reportingMigrations } from '../src/reporting.service.js';
import { completenessOf } from '../src/indicators/completeness.js';
import { CoordinationQuery } from '../src/indicators/coordination.query.js';
import { IndicatorQuery } from '../src/indicators/indicator.query.js';
import { PeriodSnapshot, PeriodSnapshots } from '../src/indicators/period-snapshot.js';
import { ProvinceSums } from '../src/indicators/province-sums.js';
import { PublicationLayer } from '../src/publication/publication.js';
import { CoordinationReportBuilder } from '../src/reports/coordination-report.builder.js';
import { childSumsOf, sumsOf } from '../src/indicators/rollup.js';
import { AggregateDeltas, type FactShape } from '../src/projections/aggregates.js';

const ns = new TestNamespace('ps');
let orm: MikroORM;
const regions = RegionDirectory.load();
const INDICATORS = ['rehab.admissions'];
const year2024 = { year: 2024 };

function admission(
  regencyCode: string,
  occurredOn: string,
  sex = 'male',
  districtCode: string | null = null,
): FactShape {
  return {
    indicator: 'rehab.admissions',
    regionCode: districtCode ?? regencyCode,
    provinceCode: regencyCode.slice(0, 2),
    regencyCode,
    districtCode,
    occurredOn,
    value: '1',
    dims: { sex },
  };
}

async function write(facts: FactShape[], sign: 1n | -1n = 1n) {
  await orm.em.fork().transactional(async (tx) => {
    const deltas = new AggregateDeltas();
    for (const fact of facts) deltas.add(fact, sign);
    await deltas.write(tx);
  });
}

/** The one figure a test reads: a total ('' breakdown) or one breakdown key. */
function value(sums: { indicator: string; dim: string; key: string; value: string }[], dim = '', key = '') {
  return Number(sums.find((s) => s.dim === dim && s.key === key)?.value ?? 0);
}

beforeAll(async () => {
  await ns.start();
  ns.migrate(['reporting']);
  orm = await MikroORM.init(
    ormOptions({
      url: ns.databaseUrl('reporting'),
      entities: [...RUNTIME_ENTITIES, ...REPORTING_ENTITIES],
      ...reportingMigrations,
      logger: createLogger('province-sums-test', 'silent'),
    }),
  );
}, 60_000);

afterAll(async () => {
  await orm?.close(true);
  await ns.cleanup(['reporting']);
});

it('gives the nation and each province what one GROUP BY over the aggregates gives, and follows every change', async () => {
  const sums = new ProvinceSums(orm.em, regions);
  await write([
    admission('31.72', '2024-02-10'),
    admission('31.73', '2024-05-01', 'female'),
    admission('16.73', '2024-03-01'),
    admission('16.73', '2023-03-01'),
  ]);
  const direct = async (region: string, period: { year: number; month?: number }) =>
    sumsOf(orm.em.fork(), region, period, INDICATORS);
  for (const [region, period] of [
    ['ID', year2024],
    ['31', year2024],
    ['16', { year: 2023 }],
    ['ID', { year: 2024, month: 2 }],
  ] as const) {
    const cached = await sums.of(region, period, INDICATORS);
    const expected = await direct(region, period);
    expect(new Map(cached.map((s) => [`${s.dim}|${s.key}`, Number(s.value)]))).toEqual(
      new Map(expected.map((s) => [`${s.dim}|${s.key}`, Number(s.value)])),
    );
  }
  expect(value(await sums.of('ID', year2024, INDICATORS))).toBe(3);
  const children = await sums.childSums('ID', year2024, INDICATORS);
  expect(children).toEqual(
    expect.arrayContaining([
      { child: '31', indicator: 'rehab.admissions', value: '2.0000' },
      { child: '16', indicator: 'rehab.admissions', value: '1.0000' },
    ]),
  );
  const directChildren = await childSumsOf(orm.em.fork(), 'ID', year2024, INDICATORS);
  expect(new Map(children.map((c) => [c.child, Number(c.value)]))).toEqual(
    new Map(directChildren.map((c) => [c.child, Number(c.value)])),
  );

  // An event in one province moves the nation and that province, with its breakdowns; a
  // correction (a delta of −1) moves them back.
  await write([admission('16.71', '2024-08-01', 'female')]);
  const after = await sums.of('ID', year2024, INDICATORS);
  expect([value(after), value(after, 'sex', 'female')]).toEqual([4, 2]);
  expect(value(await sums.of('16', year2024, INDICATORS))).toBe(2);
  await write([admission('16.71', '2024-08-01', 'female')], -1n);
  expect(value(await sums.of('ID', year2024, INDICATORS))).toBe(3);
});

it('keeps a province it has read until that province’s version moves, and re-reads only then', async () => {
  const sums = new ProvinceSums(orm.em, regions);
  const before = value(await sums.of('ID', year2024, INDICATORS));
  // A row changed without its version (nothing in reporting writes so): the cache still answers.
  await orm.em.fork().execute(`update fact_month set value = value + 10 where area_code = '31.72' and dim = ''`);
  expect(value(await sums.of('ID', year2024, INDICATORS))).toBe(before);
  // Another province's event moves only that province: 31 is still served from the cache.
  await write([admission('16.73', '2024-09-09')]);
  expect(value(await sums.of('ID', year2024, INDICATORS))).toBe(before + 1);
  // 31's own version moves: its rows are read again, the tampered ten with them.
  await write([admission('31.71', '2024-09-09')]);
  expect(value(await sums.of('ID', year2024, INDICATORS))).toBe(before + 12);
  await orm.em.fork().execute(`update fact_month set value = value - 10 where area_code = '31.72' and dim = ''`);
});

describe('a report set’s period snapshot', () => {
  const keyed = (rows: Array<{ indicator: string; value: string } & Record<string, string>>, ...fields: string[]) =>
    new Map(rows.map((r) => [[r.indicator, ...fields.map((f) => r[f])].join('|'), Number(r.value)]));

  it('gives every region and its child rows what each region’s own read gives', async () => {
    const district = regions.childrenOf('31.72')[0]?.code as string;
    await write([
      admission('31.72', '2024-02-10', 'female', district),
      admission('31.72', '2024-02-11', 'male', district),
      admission('31.74', '2024-07-01'),
      admission('16.71', '2024-02-20', 'female'),
    ]);
    const sums = new ProvinceSums(orm.em, regions);
    for (const period of [year2024, { year: 2024, month: 2 }, { year: 2024, quarter: 3 }]) {
      const snapshot = await PeriodSnapshot.read(orm.em, period, INDICATORS, sums);
      for (const region of ['ID', '31', '16', '31.72', '31.73', '31.74', '16.71', '16.73', district]) {
        expect(keyed((await snapshot.of(region, period, INDICATORS)) as never, 'dim', 'key')).toEqual(
          keyed((await sums.of(region, period, INDICATORS)) as never, 'dim', 'key'),
        );
        expect(keyed((await snapshot.childSums(region, period, INDICATORS)) as never, 'child')).toEqual(
          keyed((await sums.childSums(region, period, INDICATORS)) as never, 'child'),
        );
      }
    }
    const snapshot = await PeriodSnapshot.read(orm.em, year2024, INDICATORS, sums);
    // Another period or indicator set than its own is read as on demand.
    expect(value(await snapshot.of('31.72', { year: 2023 }, INDICATORS))).toBe(0);
    expect(value(await snapshot.of('16.73', { year: 2023 }, INDICATORS))).toBe(1);
  });

  it('is taken only of a quiet year and serves until the year’s figures move', async () => {
    const sums = new ProvinceSums(orm.em, regions);
    const coordination = new CoordinationQuery(orm.em);
    const publication = new PublicationLayer(orm.em, regions, coordination);
    const snapshots = new PeriodSnapshots(orm.em, sums, publication);
    // The first ask of a period reads as on demand; the second, with nothing moved, takes the snapshot.
    expect(await snapshots.figuresFor(year2024, INDICATORS)).toBe(sums);
    const snapshot = await snapshots.figuresFor(year2024, INDICATORS);
    expect(snapshot).toBeInstanceOf(PeriodSnapshot);
    expect(await snapshots.figuresFor(year2024, INDICATORS)).toBe(snapshot);
    // An event of another year leaves it; one of its year does not (and the next quiet ask reads again).
    await write([admission('31.72', '2023-06-01')]);
    expect(await snapshots.figuresFor(year2024, INDICATORS)).toBe(snapshot);
    const before = value(await snapshot.of('31', year2024, INDICATORS));
    await write([admission('31.72', '2024-06-01')]);
    expect(await snapshots.figuresFor(year2024, INDICATORS)).toBe(sums);
    const again = await snapshots.figuresFor(year2024, INDICATORS);
    expect(again).toBeInstanceOf(PeriodSnapshot);
    expect(again).not.toBe(snapshot);
    expect(value(await again.of('31', year2024, INDICATORS))).toBe(before + 1);
    snapshots.clear();
  });

  it('builds every report of a set exactly as it is built on demand', async () => {
    const sums = new ProvinceSums(orm.em, regions);
    const coordination = new CoordinationQuery(orm.em);
    const publication = new PublicationLayer(orm.em, regions, coordination);
    const query = new IndicatorQuery(orm.em, coordination, publication, sums);
    const builder = new CoordinationReportBuilder(
      query,
      regions,
      publication,
      new PeriodSnapshots(orm.em, sums, publication),
    );
    // Figures no rule hides (activities in districts) beside treatment counts that are protected.
    const activities = (regency: string, value: string): FactShape => ({
      ...admission(regency, '2024-04-04', 'male', regions.childrenOf(regency)[1]?.code ?? null),
      indicator: 'prevention.activities',
      value,
      dims: { kind: 'socialization' },
    });
    await write([activities('31.72', '7'), activities('31.74', '12'), activities('16.71', '9')]);
    await write(Array.from({ length: 6 }, (_, i) => admission('31.73', `2024-0${i + 1}-02`)));
    const codes = ['ID', '31', '16', '31.72', '31.73', '31.74', '16.71', '16.73'];
    const strip = (report: { generatedAt: string }) => ({ ...report, generatedAt: '' });
    const onDemand = await Promise.all(codes.map(async (c) => strip(await builder.build(c, year2024))));
    const inSet = [];
    for (const code of codes) inSet.push(strip(await builder.build(code, year2024, undefined, { inSet: true })));
    expect(inSet).toEqual(onDemand);
    // It did read the districts: the child row of an activity's district shows it.
    const child = inSet[3]?.children.find((c) => c.regionCode === regions.childrenOf('31.72')[1]?.code);
    expect(child?.values['prevention.activities']?.value).toBe(7);
  });
});

describe('completeness of reporting units', () => {
  it('owes each ended month since a unit started, counts a month on time to the deadline, and names the silent', async () => {
    const em = orm.em.fork();
    const clinic = '0b0e7a9e-0000-4000-8000-000000000001';
    const puskesmas = '0b0e7a9e-0000-4000-8000-000000000002';
    // Registered in June 2023 and February 2024; nothing recorded for 2024 except the rows below.
    await em.execute(
      `insert into reporting_unit (unit_id, region_code, province_code, regency_code, district_code, kind, name, registered_on)
       values (?, '31.72', '31', '31.72', null, 'rehab_facility', 'Klinik BNNK', '2023-06-01'),
              (?, '31.72.01.1001', '31', '31.72', '31.72.01', 'rehab_facility', 'Puskesmas Penjaringan', '2024-02-15')`,
      [clinic, puskesmas],
    );
    await em.execute(
      `insert into unit_record (record_id, unit_id, month, recorded_at) values
         ('t:1', ?, '2024-03-01', '2024-04-10T23:30:00+07:00'),
         ('t:2', ?, '2024-03-01', '2024-05-01T00:00:00+07:00'),
         ('t:3', ?, '2024-04-01', '2024-05-11T00:30:00+07:00'),
         ('t:4', ?, '2024-02-01', '2024-02-20T10:00:00+07:00')`,
      [clinic, clinic, clinic, puskesmas],
    );
    const q1 = await completenessOf(em, '31.72', { year: 2024, quarter: 1 }, 10);
    const byName = new Map(q1.units.map((u) => [u.name, u]));
    // The clinic owes January to March: it recorded March, on time (its first record, 23:30 on the
    // 10th in Jakarta); the puskesmas owes February (registered then) and March, and was silent in March.
    expect(byName.get('Klinik BNNK')).toMatchObject({
      expected: 3,
      received: 1,
      onTime: 1,
      silentMonths: ['2024-01', '2024-02'],
    });
    expect(byName.get('Puskesmas Penjaringan')).toMatchObject({
      expected: 2,
      received: 1,
      onTime: 1,
      silentMonths: ['2024-03'],
    });
    expect([q1.expected, q1.received, q1.onTime, q1.completenessPct, q1.timelinessPct]).toEqual([5, 2, 2, 40, 40]);
    expect(q1.units[0]?.name).toBe('Klinik BNNK'); // the most silent first
    // Jakarta Utara's office never submitted the quarter: silent too.
    expect(q1.offices).toEqual({ expected: 1, received: 0, onTime: 0, silent: ['31.72'] });
    // April's first record came half an hour after its deadline: received, late.
    const april = await completenessOf(em, '31', { year: 2024, month: 4 }, 10);
    expect(april.units.find((u) => u.name === 'Klinik BNNK')).toMatchObject({ expected: 1, received: 1, onTime: 0 });
    // The same units roll up: the nation counts them, another province does not.
    expect((await completenessOf(em, 'ID', { year: 2024, quarter: 1 }, 10)).expected).toBe(5);
    expect((await completenessOf(em, '16', { year: 2024, quarter: 1 }, 10)).expected).toBe(0);
    // The indicator is the same share.
    const computed = await new CoordinationQuery(orm.em).compute('31.72', { year: 2024, quarter: 1 });
    expect(computed.get('coordination.reporting_completeness')).toEqual({
      value: 40,
      breakdowns: { counts: { received: 2, expected: 5 } },
    });
    expect(computed.get('coordination.reporting_timeliness')?.value).toBe(40);
    await em.execute(`delete from unit_record where record_id like 't:%'`);
    await em.execute('delete from reporting_unit where unit_id in (?, ?)', [clinic, puskesmas]);
  });
});

describe('the 14-day referral rule (coordination.referral_admission_rate)', () => {
  it('counts an admission on day 14 after the recommendation and not one on day 15', async () => {
    const em = orm.em.fork();
    const located = `'16.71', '16', '16.71', null`;
    const decided = '2024-03-01';
    // Five recommended users admitted within the window, five not: the rate is published (at
    // least 5 of each), and one of each sits on either side of the edge.
    const cases = [
      ...Array.from({ length: 4 }, (_, i) => ({ ref: `edge:in-${i}`, admittedOn: '2024-03-05' })),
      { ref: 'edge:day-14', admittedOn: '2024-03-15' },
      { ref: 'edge:day-15', admittedOn: '2024-03-16' },
      ...Array.from({ length: 4 }, (_, i) => ({ ref: `edge:never-${i}`, admittedOn: null })),
    ];
    for (const c of cases) {
      await em.execute(
        `insert into assessment (assessment_id, region_code, province_code, regency_code, district_code,
           requested_on, due_on, decided_on, recommendation, referral_ref)
         values (gen_random_uuid(), ${located}, '2024-02-25', '2024-03-02', ?, 'outpatient', ?)`,
        [decided, c.ref],
      );
      if (c.admittedOn)
        await em.execute(
          `insert into rehab_episode (admission_id, region_code, province_code, regency_code, district_code,
             client_id, admitted_on, facility_kind, referral_ref)
           values (gen_random_uuid(), ${located}, gen_random_uuid(), ?, 'clinic', ?)`,
          [c.admittedOn, c.ref],
        );
    }
    const computed = await new CoordinationQuery(orm.em).compute('16.71', { year: 2024 });
    expect(computed.get('coordination.referral_admission_rate')).toEqual({
      value: 50,
      breakdowns: { counts: { admitted: 5, recommended: 10 } },
    });
    await em.execute(`delete from rehab_episode where referral_ref like 'edge:%'`);
    await em.execute(`delete from assessment where referral_ref like 'edge:%'`);
  });
});
