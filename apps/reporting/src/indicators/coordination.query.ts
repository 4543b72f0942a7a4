import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  AFTERCARE_COVERAGE_DAYS,
  ASSESSMENT_DEADLINE_DAYS,
  FOLLOW_UP_MONTHS,
  type Period,
  REFERRAL_ADMISSION_DAYS,
  todayInJakarta,
} from '@sinergi/contracts';
import { REPORTING_CONFIG, type ReportingConfig } from '../config.js';
import { completenessTotals, sharePct } from './completeness.js';
import { aliasedRegionFilter, regionFilter } from './rollup.js';
import { periodRange } from './period.js';

/**
 * `missedFollowUp` (packages/contracts/src/aftercare-schedule.ts) as a SQL condition, over date
 * expressions: aftercare started on `startedOn`, whose latest follow-up is `latest` (null for
 * none), has missed due point k as of `asOf` when the point is before `asOf` and `latest` is null
 * or before the previous point (the start, for the first). The points are FOLLOW_UP_MONTHS after
 * the start by `date + interval 'n month'`, which clamps a month end as addMonths does.
 */
export function missedFollowUpSql(startedOn: string, latest: string, asOf: string): string {
  const due = (months: number) => `(${startedOn} + interval '${months} month')::date`;
  const previous = [startedOn, ...FOLLOW_UP_MONTHS.map(due)];
  const missed = FOLLOW_UP_MONTHS.map(
    (months, k) => `(${due(months)} < ${asOf} and (${latest} is null or ${latest} < ${previous[k]}))`,
  );
  return `(${missed.join(' or ')})`;
}

/**
 * `coordination.overdue_follow_ups`: aftercare `c` in `regionSql` that has missed a due point
 * as of the first parameter, judged, as reporting sees a period's end, by the follow-ups dated
 * before that day. Parameters: the as-of date, then `regionSql`'s.
 */
export function overdueFollowUpsSql(regionSql: string): string {
  return `select count(*) as n from aftercare c
     cross join (select ?::date as as_of) p
     left join lateral (select max(f.date) as latest from follow_up f
                        where f.aftercare_id = c.aftercare_id and f.date < p.as_of) l on true
     where ${regionSql} and ${missedFollowUpSql('c.started_on', 'l.latest', 'p.as_of')}`;
}

/**
 * `rehab.aftercare_coverage`'s numerator: completed episode `e` whose client has a follow-up
 * dated from the discharge to the first due point (FOLLOW_UP_MONTHS[0] months after the start)
 * of the aftercare that followed it, or, with none, to AFTERCARE_COVERAGE_DAYS (the one
 * parameter) after the discharge. Reporting's aftercare rows do not name their admission, so the
 * aftercare that followed is the client's first one started from the discharge on and before any
 * later admission of the client.
 */
export function coveredSql(e: string): string {
  return `exists (
    select 1 from follow_up f where f.client_id = ${e}.client_id and f.date >= ${e}.discharged_on
      and f.date <= coalesce(
        (select (min(c.started_on) + interval '${FOLLOW_UP_MONTHS[0]} month')::date from aftercare c
          where c.client_id = ${e}.client_id and c.started_on >= ${e}.discharged_on
            and not exists (select 1 from rehab_episode n where n.client_id = ${e}.client_id
                              and n.admitted_on > ${e}.discharged_on and n.admitted_on <= c.started_on)),
        ${e}.discharged_on + ?::int))`;
}

export interface ComputedIndicator {
  value: number | null;
  breakdowns: Record<string, Record<string, number>>;
}

/**
 * The cross-agency indicators: they join what one agency did with what another did, from the
 * coordination tables the projections keep.
 */
@Injectable()
export class CoordinationQuery {
  /** Days after a month's end by which a unit's records count as on time (REPORTING_DEADLINE_DAYS). */
  readonly deadlineDays: number;

  constructor(
    private readonly em: EntityManager,
    @Optional() @Inject(REPORTING_CONFIG) config?: Pick<ReportingConfig, 'REPORTING_DEADLINE_DAYS'>,
  ) {
    this.deadlineDays = config?.REPORTING_DEADLINE_DAYS ?? 10;
  }

  /** Rehab-recommended suspects of a year by province, and how many of them were admitted within 14 days. */
  /** Referred users recommended for rehab in a year and how many were admitted, by province and regency. */
  async referralsByArea(
    year: number,
  ): Promise<Array<{ province: string; regency: string | null; recommended: number; admitted: number }>> {
    const rows = await this.em
      .fork()
      .execute<{ province: string; regency: string | null; recommended: string; admitted: string }[]>(
        `select a.province_code as province, a.regency_code as regency, count(*) as recommended,
              count(*) filter (where exists (
                select 1 from rehab_episode e where e.referral_ref = a.referral_ref
                  and e.admitted_on <= a.decided_on + ?::int)) as admitted
       from assessment a where a.decided_on >= ? and a.decided_on < ?
         and a.recommendation in ('outpatient', 'inpatient') group by 1, 2`,
        [REFERRAL_ADMISSION_DAYS, `${year}-01-01`, `${year + 1}-01-01`],
      );
    return rows.map((r) => ({
      province: r.province,
      regency: r.regency,
      recommended: Number(r.recommended),
      admitted: Number(r.admitted),
    }));
  }

  async compute(regionCode: string, period: Period): Promise<Map<string, ComputedIndicator>> {
    const { from, to } = periodRange(period);
    const region = regionFilter(regionCode);
    const rf = (alias: string) => aliasedRegionFilter(regionCode, alias).sql;
    const em = this.em.fork();
    const one = async <T>(sql: string, params: unknown[]): Promise<T> =>
      ((await em.execute<T[]>(sql, params))[0] ?? {}) as T;
    const today = todayInJakarta();
    // Overdue is judged at the end of the period, or today for a period still running.
    const asOf = to.localeCompare(today) < 0 ? to : today; // ISO dates: earlier sorts first
    const out = new Map<string, ComputedIndicator>();
    const P = region.params;

    const requested = await one<{ n: string }>(
      `select count(*) as n from assessment a where ${rf('a')} and a.requested_on >= ? and a.requested_on < ?`,
      [...P, from, to],
    );
    out.set('coordination.assessments_requested', { value: Number(requested.n ?? 0), breakdowns: {} });

    const decided = await em.execute<{ recommendation: string; n: string }[]>(
      `select a.recommendation, count(*) as n from assessment a
       where ${rf('a')} and a.decided_on >= ? and a.decided_on < ? group by 1`,
      [...P, from, to],
    );
    const byRecommendation = Object.fromEntries(decided.map((d) => [d.recommendation, Number(d.n)]));
    out.set('coordination.assessments_completed', {
      value: Object.values(byRecommendation).reduce((a, b) => a + b, 0),
      breakdowns: { recommendation: byRecommendation },
    });

    const turnaround = await one<{ median: string | null; p90: string | null; n: string; within: string }>(
      `select percentile_cont(0.5) within group (order by a.decided_on - a.requested_on) as median,
              percentile_cont(0.9) within group (order by a.decided_on - a.requested_on) as p90,
              count(*) as n,
              count(*) filter (where a.decided_on - a.requested_on <= ?) as within
       from assessment a where ${rf('a')} and a.decided_on >= ? and a.decided_on < ? and a.requested_on is not null`,
      [ASSESSMENT_DEADLINE_DAYS, ...P, from, to],
    );
    const answered = Number(turnaround.n ?? 0);
    out.set('coordination.assessment_turnaround_days', {
      value: turnaround.median === null || turnaround.median === undefined ? null : Number(turnaround.median),
      breakdowns: {
        stat: answered === 0 ? {} : { median: Number(turnaround.median), p90: Number(turnaround.p90), answered },
      },
    });
    const within = Number(turnaround.within ?? 0);
    out.set('coordination.assessments_within_limit_pct', {
      value: sharePct(within, answered),
      breakdowns: { counts: { within, answered } },
    });

    const referral = await one<{ recommended: string; admitted: string }>(
      `select count(*) as recommended,
              count(*) filter (where exists (
                select 1 from rehab_episode e where e.referral_ref = a.referral_ref
                  and e.admitted_on <= a.decided_on + ?::int)) as admitted
       from assessment a where ${rf('a')} and a.decided_on >= ? and a.decided_on < ?
         and a.recommendation in ('outpatient', 'inpatient')`,
      [REFERRAL_ADMISSION_DAYS, ...P, from, to],
    );
    const recommended = Number(referral.recommended ?? 0);
    const admitted = Number(referral.admitted ?? 0);
    out.set('coordination.referral_admission_rate', {
      value: sharePct(admitted, recommended),
      breakdowns: { counts: { admitted, recommended } },
    });

    // Users to rehab, dealers to court: each suspect of a case opened in the period, by role, as
    // the TAT recommended rehabilitation for them, or their case reached prosecution, or neither yet.
    const fates = await em.execute<{ role: string; outcome: string; n: string }[]>(
      `select s.role,
              case when a.recommendation in ('outpatient', 'inpatient') then 'rehab'
                   when k.court_on is not null then 'court' else 'pending' end as outcome,
              count(*) as n
       from suspect_outcome s join case_ref c on c.case_id = s.case_id
       left join assessment a on a.assessment_id = s.assessment_id
       left join case_court k on k.case_id = s.case_id
       where ${rf('s')} and s.role is not null and c.opened_on >= ? and c.opened_on < ?
       group by 1, 2`,
      [...P, from, to],
    );
    const byOutcome: Record<string, number> = {};
    const byRoleOutcome: Record<string, number> = {};
    for (const f of fates) {
      byOutcome[f.outcome] = (byOutcome[f.outcome] ?? 0) + Number(f.n);
      byRoleOutcome[`${f.role}/${f.outcome}`] = Number(f.n);
    }
    out.set('coordination.suspect_outcomes', {
      value: Object.values(byOutcome).reduce((a, b) => a + b, 0),
      breakdowns: { outcome: byOutcome, roleOutcome: byRoleOutcome },
    });

    const coverage = await one<{ completed: string; followed: string }>(
      `select count(*) as completed, count(*) filter (where ${coveredSql('e')}) as followed
       from rehab_episode e where ${rf('e')} and e.outcome = 'completed'
         and e.discharged_on >= ? and e.discharged_on < ?`,
      [AFTERCARE_COVERAGE_DAYS, ...P, from, to],
    );
    const completed = Number(coverage.completed ?? 0);
    const followed = Number(coverage.followed ?? 0);
    out.set('rehab.aftercare_coverage', {
      value: sharePct(followed, completed),
      breakdowns: { counts: { followed, completed } },
    });

    const overdue = await one<{ n: string }>(overdueFollowUpsSql(rf('c')), [asOf, ...P]);
    out.set('coordination.overdue_follow_ups', { value: Number(overdue.n ?? 0), breakdowns: {} });

    // Social reintegration: of the aftercare clients followed up in the period whose officer
    // asked, the share working at their latest such follow-up.
    const work = await one<{ employed: string | null; known: string | null }>(
      `select count(*) filter (where l.employed) as employed, count(*) as known from aftercare c
       join lateral (select f.employed from follow_up f where f.aftercare_id = c.aftercare_id
                       and f.date >= ? and f.date < ? and f.employed is not null
                     order by f.date desc, f.id desc limit 1) l on true
       where ${rf('c')}`,
      [from, to, ...P],
    );
    const employed = Number(work.employed ?? 0);
    const known = Number(work.known ?? 0);
    out.set('rehab.employed_at_follow_up', {
      value: sharePct(employed, known),
      breakdowns: { counts: { employed, known } },
    });

    const areas = await em.execute<{ level: string; n: string }[]>(
      `select l.level, count(*) as n from vulnerable_area a
       join lateral (select level from vulnerable_area_level v where v.area_id = a.area_id and v.assessed_on < ?
                     order by v.assessed_on desc, v.id desc limit 1) l on true
       where ${rf('a')} and a.mapped_on < ? group by 1`,
      [to, ...P, to],
    );
    const byLevel = Object.fromEntries(areas.map((a) => [a.level, Number(a.n)]));
    out.set('prevention.vulnerable_areas', {
      value: Object.values(byLevel).reduce((a, b) => a + b, 0),
      breakdowns: { riskLevel: byLevel },
    });

    const multi = await one<{ n: string }>(
      `select count(*) as n from vulnerable_area a where ${rf('a')} and a.mapped_on < ?
         and (select count(distinct i.agency) from intervention i where i.village_code = a.region_code
                and i."on" < ? and (i.standing or i."on" >= ?)) >= 2`,
      [...P, to, to, from],
    );
    out.set('coordination.vulnerable_areas_multi_agency', { value: Number(multi.n ?? 0), breakdowns: {} });

    const prison = await one<{ capacity: string | null; occupancy: string | null; narcotics: string | null }>(
      `select sum(capacity) as capacity, sum(occupancy) as occupancy, sum(narcotics_inmates) as narcotics from (
         select distinct on (p.region_code, p.facility_name) p.capacity, p.occupancy, p.narcotics_inmates
         from prison_snapshot p where ${rf('p')} and p."on" < ?
         order by p.region_code, p.facility_name, p."on" desc) latest`,
      [...P, to],
    );
    const capacity = Number(prison.capacity ?? 0);
    const occupancy = Number(prison.occupancy ?? 0);
    const narcotics = Number(prison.narcotics ?? 0);
    out.set('enforcement.prison_occupancy_rate', {
      value: sharePct(occupancy, capacity),
      breakdowns: { counts: { occupancy, capacity } },
    });
    out.set('enforcement.prison_narcotics_share', {
      value: sharePct(narcotics, occupancy),
      breakdowns: { counts: { narcotics, occupancy } },
    });
    const reporting = await completenessTotals(em, regionCode, period, this.deadlineDays);
    out.set('coordination.reporting_completeness', {
      value: sharePct(reporting.received, reporting.expected),
      breakdowns: { counts: { received: reporting.received, expected: reporting.expected } },
    });
    out.set('coordination.reporting_timeliness', {
      value: sharePct(reporting.onTime, reporting.expected),
      breakdowns: { counts: { onTime: reporting.onTime, expected: reporting.expected } },
    });
    return out;
  }
}
