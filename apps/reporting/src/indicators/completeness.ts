import type { EntityManager } from '@mikro-orm/postgresql';
import { type Completeness, type Period, todayInJakarta } from '@sinergi/contracts';
import { pgArray } from '@sinergi/runtime';
import { periodKey } from '../reports/report-key.js';
import { periodRange } from './period.js';
import { aliasedRegionFilter } from './rollup.js';

/** How many units one answer lists (the contract's bound), silent ones first. */
const MAX_UNITS = 2000;

/** A share in percent to one decimal, or null where nothing was owed. */
export const sharePct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** Every unit-month a region's units owe for a period, with whether it was received and on time. */
function owedUnitMonths(regionCode: string, period: Period, deadlineDays: number) {
  const { from, to } = periodRange(period);
  const region = aliasedRegionFilter(regionCode, 'u');
  return {
    sql: `with months as (
       select m::date as month from generate_series(?::date, ?::date - interval '1 month', interval '1 month') m
       where m + interval '1 month' <= ?::date
     ), units as (
       select u.unit_id, u.kind, left(u.name, 200) as name, u.region_code,
              least(date_trunc('month', u.registered_on)::date,
                    (select min(r.month) from unit_record r where r.unit_id = u.unit_id)) as active_from
       from reporting_unit u where ${region.sql}
     ), got as (
       select r.unit_id, r.month, min(r.recorded_at) as first_at from unit_record r
       where r.month >= ? and r.month < ? and r.unit_id in (select unit_id from units) group by 1, 2
     ), owed as (
       select u.unit_id, u.kind, u.name, u.region_code, m.month,
              g.first_at is not null as received,
              coalesce(g.first_at <= ((m.month + interval '1 month' + make_interval(days => ?))::timestamp
                                       at time zone 'Asia/Jakarta'), false) as on_time
       from units u join months m on m.month >= u.active_from
       left join got g on g.unit_id = u.unit_id and g.month = m.month
     )`,
    params: [from, to, todayInJakarta(), ...region.params, from, to, deadlineDays],
  };
}

/** The totals alone (what the indicators need), counted in the database. */
export async function completenessTotals(
  em: EntityManager,
  regionCode: string,
  period: Period,
  deadlineDays: number,
): Promise<{ expected: number; received: number; onTime: number }> {
  const owed = owedUnitMonths(regionCode, period, deadlineDays);
  const [row] = await em.execute<{ expected: number; received: number; on_time: number }[]>(
    `${owed.sql} select count(*)::int as expected, (count(*) filter (where received))::int as received,
       (count(*) filter (where on_time))::int as on_time from owed`,
    owed.params,
  );
  return { expected: row?.expected ?? 0, received: row?.received ?? 0, onTime: row?.on_time ?? 0 };
}

/**
 * Completeness and timeliness of reporting units (docs/architecture.md, "Approval"): every
 * rehab facility owes a record (an admission or a certificate), and every area's prevention
 * unit an activity, for each month that has ended since it started (its registration or its
 * first record, whichever is earlier). A month is received when the unit recorded anything for
 * it, and on time when its first record was made within `deadlineDays` after the month's end
 * (Asia/Jakarta). A month with nothing is silent, not zero. Rolled up through the units' region
 * columns like every other figure.
 */
export async function completenessOf(
  em: EntityManager,
  regionCode: string,
  period: Period,
  deadlineDays: number,
  /** The region's children whose offices submit to it (none below province level). */
  children: readonly string[] = [],
): Promise<Completeness> {
  const owed = owedUnitMonths(regionCode, period, deadlineDays);
  const rows = await em.execute<
    {
      unit_id: string;
      kind: 'rehab_facility' | 'prevention_unit';
      name: string;
      region_code: string;
      month: string;
      received: boolean;
      on_time: boolean;
    }[]
  >(
    `${owed.sql} select unit_id, kind, name, region_code, to_char(month, 'YYYY-MM') as month, received, on_time
     from owed order by region_code, name, unit_id, month`,
    owed.params,
  );
  const units = new Map<string, Completeness['units'][number]>();
  for (const row of rows) {
    const unit = units.get(row.unit_id) ?? {
      unitId: row.unit_id,
      kind: row.kind,
      name: row.name,
      regionCode: row.region_code,
      expected: 0,
      received: 0,
      onTime: 0,
      silentMonths: [],
    };
    unit.expected += 1;
    if (row.received) unit.received += 1;
    else unit.silentMonths.push(row.month);
    if (row.on_time) unit.onTime += 1;
    units.set(row.unit_id, unit);
  }
  const all = [...units.values()];
  const sum = (f: (u: (typeof all)[number]) => number) => all.reduce((total, u) => total + f(u), 0);
  const expected = sum((u) => u.expected);
  const received = sum((u) => u.received);
  const onTime = sum((u) => u.onTime);
  // The silent first: they are what an analyst chases.
  const listed = [...all].sort((a, b) => b.silentMonths.length - a.silentMonths.length);
  const offices = await officesOf(em, regionCode, period, deadlineDays, children);
  return {
    regionCode,
    periodKey: periodKey(period),
    deadlineDays,
    expected,
    received,
    onTime,
    completenessPct: sharePct(received, expected),
    timelinessPct: sharePct(onTime, expected),
    units: listed.slice(0, MAX_UNITS),
    truncated: listed.length > MAX_UNITS,
    offices,
  };
}

/**
 * The offices' part: the region's own office and its children's (a regency's office alone) each
 * owe their submission in the sign-off chain once the period has ended (approvals/), unless
 * waived; received when ever submitted, on time when first submitted within the deadline.
 */
async function officesOf(
  em: EntityManager,
  regionCode: string,
  period: Period,
  deadlineDays: number,
  children: readonly string[],
): Promise<Completeness['offices']> {
  const { to } = periodRange(period);
  if (to > todayInJakarta()) return { expected: 0, received: 0, onTime: 0, silent: [] };
  const rows = await em.execute<{ region_code: string; state: string | null; submitted: boolean; on_time: boolean }[]>(
    `select o.region_code, a.state, s.first_at is not null as submitted,
            coalesce(s.first_at <= ((?::date + make_interval(days => ?))::timestamp at time zone 'Asia/Jakarta'), false) as on_time
     from unnest(?::text[]) with ordinality as o(region_code, n)
     left join period_approval a on a.region_code = o.region_code and a.period_key = ?
     left join lateral (select min(at) as first_at from approval_step s
                        where s.region_code = o.region_code and s.period_key = ? and s.action = 'submit') s on true
     order by o.n`,
    [to, deadlineDays, pgArray([regionCode, ...children]), periodKey(period), periodKey(period)],
  );
  const owed = rows.filter((r) => r.state !== 'waived');
  return {
    expected: owed.length,
    received: owed.filter((r) => r.submitted).length,
    onTime: owed.filter((r) => r.on_time).length,
    silent: owed.filter((r) => !r.submitted).map((r) => r.region_code),
  };
}
