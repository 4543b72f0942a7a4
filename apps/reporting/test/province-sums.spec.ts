/**
 * The nation as the sum of its provinces, each kept until its own figures change: on real
 * PostgreSQL, with aggregates written the way the projection writes them.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, ormOptions, RegionDirectory, RUNTIME_ENTITIES } from '@sinergi/runtime';
import { TestNamespace } from '@sinergi/runtime/testing';
// The service's module first: it loads the modules in the order the service does.
import { REPORTING_ENTITIES, reportingMigrations } from '../src/reporting.service.js';
import { ProvinceSums } from '../src/indicators/province-sums.js';
import { childSumsOf, sumsOf } from '../src/indicators/rollup.js';
import { AggregateDeltas, type FactShape } from '../src/projections/aggregates.js';

const ns = new TestNamespace('ps');
let orm: MikroORM;
const regions = RegionDirectory.load();
const INDICATORS = ['rehab.admissions'];
const year2024 = { year: 2024 };

function admission(regencyCode: string, occurredOn: string, sex = 'male'): FactShape {
  return {
    indicator: 'rehab.admissions',
    regionCode: regencyCode,
    provinceCode: regencyCode.slice(0, 2),
    regencyCode,
    districtCode: null,
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
