/**
 * The leaks docs/security.md names for published figures, tried as an analyst would, on the running
 * service: every live indicator read and every coordination report of one province for a year,
 * its quarters and months, harvested through the gateway and attacked together by an attacker
 * written apart from the publication layer (./support/attacker.ts). It knows how the figures
 * add up — regions into their parents, months into quarters and years, keys into totals — and
 * must not pin down a small count of clients below province level, and every view of one cell
 * must show it alike.
 */
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { RehabEvents } from '@sinergi/contracts';
import { RegionDirectory } from '@sinergi/runtime';
import { eventually } from '@sinergi/runtime/testing';
import { client, token } from '../../../test/support/http.js';
import { TestStack } from '../../../test/support/stack.js';
import { disclosed, type Seen, type Sum } from './support/attacker.js';

const stack = new TestStack('k', { services: ['reporting', 'gateway'] });
const ns = stack.ns;
const api = client(() => stack.gateway.url);
let nc: NatsConnection;
let analyst: string;

const PROVINCE = '31';
const regions = RegionDirectory.load();
const REGENCIES = regions.childrenOf(PROVINCE).map((r) => r.code);
const districtsOf = new Map(REGENCIES.map((r) => [r, regions.childrenOf(r).map((d) => d.code)]));
const district = (regency: string, i: number) => districtsOf.get(regency)?.[i] as string;
const PERIODS = ['Y', 'Q1', 'Q2', 'Q3', 'Q4', ...Array.from({ length: 12 }, (_, i) => `M${i + 1}`)];
const DIMS: Record<string, string[]> = {
  'rehab.admissions': ['program', 'source', 'substance', 'sex', 'ageBand'],
  'rehab.completed': ['program'],
};
const CODES = Object.keys(DIMS);

/** Admissions of 2024: where (a district, or a regency itself), which month, how many. */
const ADMISSIONS: Array<[area: string, month: number, count: number]> = [
  [district('31.71', 0), 2, 12],
  [district('31.71', 1), 8, 9],
  [district('31.72', 0), 4, 2],
  [district('31.72', 1), 3, 9],
  [district('31.72', 1), 6, 8],
  [district('31.72', 1), 9, 8],
  ['31.72', 1, 5],
  [district('31.73', 0), 6, 3],
  // A fresh regency's two admissions: "value 2, sex 1/1, age bands 1/1" to any role before.
  [district('31.74', 0), 3, 2],
  [district('31.75', 0), 5, 10],
  [district('31.75', 2), 11, 10],
];

/** Every true count: code|region|period|dim|key, region `~r` for what r recorded itself. */
const truth = new Map<string, number>();
const id = (code: string, region: string, period: string, dim = '', key = '') =>
  `${code}|${region}|${period}|${dim}|${key}`;

function count(code: string, area: string, month: number, keys: Record<string, string>) {
  const regency = area.split('.').length === 3 ? area.slice(0, 5) : undefined;
  const lineage = regency ? [area, regency, PROVINCE] : [`~${area}`, area, PROVINCE];
  for (const region of lineage) {
    for (const period of ['Y', `Q${Math.ceil(month / 3)}`, `M${month}`]) {
      const cells = [id(code, region, period), ...Object.entries(keys).map(([d, k]) => id(code, region, period, d, k))];
      for (const cell of cells) truth.set(cell, (truth.get(cell) ?? 0) + 1);
    }
  }
}

async function publish(type: string, version: number, regionCode: string, payload: Record<string, unknown>) {
  const event = {
    eventId: randomUUID(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    producer: 'rehab',
    regionCode,
    correlationId: 'leaks-spec',
    payload,
  };
  await jetstream(nc).publish(ns.names.subject(type), JSON.stringify(event), { msgID: event.eventId });
}

const pad = (n: number) => String(n).padStart(2, '0');

async function publishAll() {
  let i = 0;
  for (const [area, month, n] of ADMISSIONS) {
    for (let k = 0; k < n; k++, i++) {
      const keys = {
        program: i % 3 === 0 ? 'inpatient' : 'outpatient',
        source: i % 4 === 0 ? 'family' : 'voluntary',
        substance: 'methamphetamine',
        sex: i % 2 === 0 ? 'male' : 'female',
        ageBand: i % 2 === 0 ? '20-24' : '25-29',
      };
      const admissionId = randomUUID();
      const clientId = randomUUID();
      const admittedOn = `2024-${pad(month)}-05`;
      await publish(RehabEvents.clientAdmitted.subject, RehabEvents.clientAdmitted.version, area, {
        admissionId,
        clientId,
        facilityId: randomUUID(),
        facilityKind: 'clinic',
        program: keys.program,
        source: keys.source,
        primarySubstance: keys.substance,
        admittedOn,
        ageBand: keys.ageBand,
        sex: keys.sex,
        referralRef: null,
      });
      count('rehab.admissions', area, month, keys);
      // 31.73's three clients complete treatment in September and enter aftercare; one is followed up.
      if (area.startsWith('31.73')) {
        await publish(RehabEvents.clientDischarged.subject, RehabEvents.clientDischarged.version, area, {
          admissionId,
          clientId,
          program: keys.program,
          outcome: 'completed',
          admittedOn,
          dischargedOn: '2024-09-02',
        });
        count('rehab.completed', area, 9, { program: keys.program });
        const aftercareId = randomUUID();
        await publish(RehabEvents.aftercareStarted.subject, RehabEvents.aftercareStarted.version, area, {
          aftercareId,
          admissionId,
          clientId,
          startedOn: '2024-09-03',
          dischargedOn: '2024-09-02',
        });
        if (k === 0) {
          await publish(RehabEvents.followUpRecorded.subject, RehabEvents.followUpRecorded.version, area, {
            aftercareId,
            clientId,
            date: '2024-09-20',
            status: 'abstinent',
            employed: true,
          });
        }
      }
    }
  }
}

/** What the attacker knows adds up. */
function structure(): Sum[] {
  const sums: Sum[] = [];
  const all = [PROVINCE, `~${PROVINCE}`, ...REGENCIES];
  for (const r of REGENCIES) all.push(`~${r}`, ...(districtsOf.get(r) ?? []));
  for (const code of CODES) {
    const keys = new Map<string, Set<string>>();
    for (const cell of truth.keys()) {
      const [c, , , dim, key] = cell.split('|');
      if (c === code && dim) keys.set(dim, (keys.get(dim) ?? new Set()).add(key as string));
    }
    const pairs: Array<[string, string]> = [
      ['', ''],
      ...[...keys].flatMap(([d, ks]) => [...ks].map((k) => [d, k] as [string, string])),
    ];
    for (const [dim, key] of pairs) {
      for (const region of all) {
        sums.push({
          total: id(code, region, 'Y', dim, key),
          parts: [1, 2, 3, 4].map((q) => id(code, region, `Q${q}`, dim, key)),
        });
        for (let q = 1; q <= 4; q++) {
          const months = [1, 2, 3].map((m) => id(code, region, `M${(q - 1) * 3 + m}`, dim, key));
          sums.push({ total: id(code, region, `Q${q}`, dim, key), parts: months });
        }
      }
      for (const period of PERIODS) {
        const c = (region: string) => id(code, region, period, dim, key);
        sums.push({ total: c(PROVINCE), parts: [`~${PROVINCE}`, ...REGENCIES].map(c) });
        for (const r of REGENCIES) sums.push({ total: c(r), parts: [`~${r}`, ...(districtsOf.get(r) ?? [])].map(c) });
      }
    }
    for (const region of all) {
      for (const period of PERIODS) {
        for (const [dim, ks] of keys) {
          sums.push({ total: id(code, region, period), parts: [...ks].map((k) => id(code, region, period, dim, k)) });
        }
      }
    }
  }
  return sums;
}

/** Everything shown of each cell, with every view that showed it (to find two views that disagree). */
const seen = new Map<string, Seen>();
const views = new Map<string, Array<{ view: string; shown: Seen }>>();

function see(cell: string, shown: Seen, view: string) {
  const list = views.get(cell) ?? [];
  list.push({ view, shown });
  views.set(cell, list);
  const before = seen.get(cell);
  // The most a reader learns of a cell from all views: a number over a mark over nothing.
  if (before === undefined || before === 'withheld' || (typeof shown === 'number' && typeof before !== 'number')) {
    seen.set(cell, shown);
  }
}

const periodQuery = (period: string) =>
  period === 'Y' ? '' : period[0] === 'Q' ? `&quarter=${period.slice(1)}` : `&month=${period.slice(1)}`;
const periodBody = (period: string) => ({
  year: 2024,
  ...(period[0] === 'Q'
    ? { quarter: Number(period.slice(1)) }
    : period[0] === 'M'
      ? { month: Number(period.slice(1)) }
      : {}),
});

async function harvestIndicators(region: string, period: string) {
  const response = await api('GET', `/v1/reporting/indicators?regionCode=${region}&year=2024${periodQuery(period)}`, {
    token: analyst,
  });
  expect(response.status).toBe(200);
  const view = `indicators ${region} ${period}`;
  for (const indicator of response.body.indicators) {
    if (!CODES.includes(indicator.code)) continue;
    // The live read names a hidden figure suppressed (null), like one not published at all.
    see(id(indicator.code, region, period), indicator.suppressed ? 'withheld' : indicator.value, view);
    for (const [dim, keys] of Object.entries(indicator.breakdowns as Record<string, Record<string, number>>)) {
      for (const [key, value] of Object.entries(keys)) see(id(indicator.code, region, period, dim, key), value, view);
    }
  }
  return response.body.indicators;
}

const fromCell = (cell: { value: number | null; display: string }): Seen =>
  cell.display === '<5' ? '<5' : cell.display === 'x' ? 'x' : cell.value === null ? 'withheld' : cell.value;

async function harvestReport(region: string, period: string) {
  const accepted = await api('POST', '/v1/reports', {
    token: analyst,
    body: { kind: 'coordination', regionCode: region, period: periodBody(period) },
  });
  expect(accepted.status).toBe(202);
  const report = await eventually(
    async () => {
      const got = await api('GET', `/v1/reports/${accepted.body.id}`, { token: analyst });
      expect(got.body.status).toBe('done');
      return got.body.result;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  const view = `report ${region} ${period}`;
  for (const indicator of report.indicators) {
    if (!CODES.includes(indicator.code)) continue;
    see(id(indicator.code, region, period), fromCell(indicator), view);
    for (const [dim, keys] of Object.entries(indicator.breakdowns as Record<string, Record<string, any>>)) {
      for (const [key, cell] of Object.entries(keys))
        see(id(indicator.code, region, period, dim, key), fromCell(cell), view);
    }
  }
  for (const child of report.children) {
    for (const code of CODES) {
      if (child.values[code]) see(id(code, child.regionCode, period), fromCell(child.values[code]), view);
    }
  }
  return report;
}

beforeAll(async () => {
  await stack.start();
  nc = await ns.broker.connect('rehab');
  analyst = await token({ roles: ['analyst'], region: 'ID' });
  await publishAll();
  const total = truth.get(id('rehab.admissions', PROVINCE, 'Y'));
  await eventually(
    async () => {
      const dki = await api('GET', '/v1/reporting/indicators?regionCode=31&year=2024', { token: analyst });
      const byCode = new Map(dki.body.indicators.map((i: { code: string; value: number }) => [i.code, i.value]));
      expect(byCode.get('rehab.admissions')).toBe(total);
      expect(byCode.get('rehab.completed')).toBe(3);
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  // Every live read of the province, its regencies and their districts, for the year and every
  // quarter and month; every report of the province and its regencies for the year, a quarter
  // and a month.
  const reads: Array<[string, string]> = [];
  for (const period of PERIODS) for (const region of [PROVINCE, ...REGENCIES]) reads.push([region, period]);
  for (const districts of districtsOf.values()) for (const d of districts) reads.push([d, 'Y'], [d, 'M3']);
  for (let i = 0; i < reads.length; i += 8) {
    await Promise.all(reads.slice(i, i + 8).map(([region, period]) => harvestIndicators(region, period)));
  }
  for (const region of [PROVINCE, ...REGENCIES])
    for (const period of ['Y', 'Q2', 'M3']) await harvestReport(region, period);
}, 300_000);

afterAll(async () => {
  await nc?.close();
  await stack.stop();
});

const belowProvince = (cell: string) => {
  const region = cell.split('|')[1] as string;
  return !region.startsWith('~') && region !== PROVINCE;
};

describe('an analyst differencing everything reporting publishes of a province', () => {
  it('pins down no small count below province level: not across regions, periods, breakdowns or endpoints', () => {
    // The harvest reached the cells the issue names: the fresh regency's two admissions were read.
    expect(views.get(id('rehab.admissions', '31.74', 'Y'))?.length).toBeGreaterThanOrEqual(2);
    expect(views.get(id('rehab.admissions', '31.74', 'Y', 'sex', 'male'))?.length).toBeGreaterThanOrEqual(1);
    expect(disclosed(truth, seen, structure(), belowProvince)).toEqual([]);
  });

  it('shows every cell alike in every view that shows it (a hidden cell is hidden everywhere)', () => {
    const disagreements: string[] = [];
    for (const [cell, list] of views) {
      const numbers = new Set(list.filter((v) => typeof v.shown === 'number').map((v) => v.shown));
      const hidden = list.filter((v) => v.shown === '<5' || v.shown === 'x');
      if (numbers.size > 1 || (numbers.size === 1 && hidden.length > 0)) {
        disagreements.push(`${cell}: ${list.map((v) => `${v.view}=${v.shown}`).join(', ')}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('publishes the province exactly, and its regencies by the year only', () => {
    expect(seen.get(id('rehab.admissions', PROVINCE, 'M3'))).toBe(truth.get(id('rehab.admissions', PROVINCE, 'M3')));
    expect(seen.get(id('rehab.admissions', '31.75', 'Y'))).toBe(20);
    expect(seen.get(id('rehab.admissions', '31.75', 'M5'))).toBe('withheld');
  });

  it('keeps the coordination counts of a regency, which no protection can cover, at province level', async () => {
    const coverage = (list: Array<{ code: string }>) =>
      list.find((i) => i.code === 'rehab.aftercare_coverage') as { value: number | null; breakdowns: any };
    for (const region of ['31.73', district('31.73', 0)]) {
      const live = coverage(await harvestIndicators(region, 'Y'));
      expect(live.value).toBeNull();
      expect(live.breakdowns).toEqual({});
    }
    const regencyReport = await harvestReport('31.73', 'Y');
    expect(coverage(regencyReport.indicators)).toMatchObject({ value: null, suppressed: true, breakdowns: {} });
    const overdue = regencyReport.indicators.find(
      (i: { code: string }) => i.code === 'coordination.overdue_follow_ups',
    );
    expect(overdue).toMatchObject({ value: null, suppressed: true });
    const province = coverage(await harvestIndicators(PROVINCE, 'Y'));
    expect(province.breakdowns.counts).toEqual({ followed: 1, completed: 3 });
    // The three started aftercare on 3 September (due 3 October, 3 December); one was seen on
    // 20 September. At October's end two are overdue; at the year's end all three, the one seen
    // having nothing since the 1-month point.
    const overdueOf = async (period: string) => {
      const read = await api('GET', `/v1/reporting/indicators?regionCode=${PROVINCE}&year=2024${periodQuery(period)}`, {
        token: analyst,
      });
      return read.body.indicators.find((i: { code: string }) => i.code === 'coordination.overdue_follow_ups')?.value;
    };
    expect(await overdueOf('M10')).toBe(2);
    expect(await overdueOf('Y')).toBe(3);
  });
});
