import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period, ReferenceFigure } from '@sinergi/contracts';
import { sharePct } from './completeness.js';
import { periodRange } from './period.js';
import { aliasedRegionFilter } from './rollup.js';

export interface TreatmentCoverage {
  value: number | null;
  breakdowns: Record<string, Record<string, number>>;
  /** Which estimate the value divides by, or that there is none. */
  note: string;
}

/**
 * People in treatment in a period, as UNODC and WHO count treatment coverage's numerator: the
 * distinct clients with an admission open at any time in `[from, to)` — admitted before the
 * period's end and not discharged before its start — at facilities in the region. Reporting's
 * `rehab_episode` rows are the admissions, each with its (pseudonymous) client and dates.
 */
export async function peopleInTreatment(em: EntityManager, regionCode: string, period: Period): Promise<number> {
  const { from, to } = periodRange(period);
  const region = aliasedRegionFilter(regionCode, 'e');
  const [row] = await em.execute<{ n: string }[]>(
    `select count(distinct e.client_id) as n from rehab_episode e
     where ${region.sql} and e.admitted_on < ? and (e.discharged_on is null or e.discharged_on >= ?)`,
    [...region.params, to, from],
  );
  return Number(row?.n ?? 0);
}

/**
 * `rehab.treatment_coverage`: people in treatment over the region's estimated users (the
 * reference figure `estimated_users` of the period's year or the latest earlier one) × 100, one
 * decimal like every percent indicator; null, saying so, where no estimate is recorded.
 */
export async function treatmentCoverage(
  em: EntityManager,
  regionCode: string,
  period: Period,
  references: readonly ReferenceFigure[],
): Promise<TreatmentCoverage> {
  const inTreatment = await peopleInTreatment(em, regionCode, period);
  const estimate = references.find((figure) => figure.kind === 'estimated_users');
  if (!estimate) {
    return {
      value: null,
      breakdowns: { counts: { inTreatment } },
      note: `No estimated number of users is recorded for region ${regionCode} for ${period.year} or an earlier year: there is nothing to divide by.`,
    };
  }
  return {
    value: sharePct(inTreatment, estimate.value),
    breakdowns: { counts: { inTreatment, estimatedUsers: estimate.value } },
    note: `Against ${estimate.value} estimated users of ${estimate.year} (${estimate.source}).`,
  };
}
