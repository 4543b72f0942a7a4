import { type IndicatorValue, type Principal, regionLevel } from '@sinergi/contracts';
import { hasRole } from '@sinergi/runtime';
import type { Cell, CoordinationReport } from '../reports/coordination-report.builder.js';

/**
 * What rehab did with the users enforcement referred: whether they were admitted, and the
 * referral source of admissions (its `tat` count, and by differencing the other sources); and
 * where each suspect went, to rehabilitation or to court (coordination.suspect_outcomes). Below
 * province level such a figure can single out one suspect, so an enforcement officer sees it
 * only for a province or the nation (docs/security.md); analysts and admins see it as published.
 */
const OUTCOME_INDICATORS = new Set(['coordination.referral_admission_rate', 'coordination.suspect_outcomes']);
const OUTCOME_BREAKDOWNS: Record<string, string[]> = { 'rehab.admissions': ['source'] };

const broadEnough = (regionCode: string) => ['national', 'province'].includes(regionLevel(regionCode));

/** Whether this reader may see referral outcomes for this region. */
export function seesReferralOutcomes(principal: Principal, regionCode: string): boolean {
  if (hasRole(principal, 'analyst', 'admin') || !hasRole(principal, 'enforcement_officer')) return true;
  return broadEnough(regionCode);
}

const withheld: Cell = { value: null, display: '–', suppressed: true };

/** A row without the breakdowns that tell referral outcomes (an admission's `source`). */
function withoutOutcomeBreakdowns<R extends { code: string; breakdowns: Record<string, unknown> }>(row: R): R {
  const hidden = OUTCOME_BREAKDOWNS[row.code];
  if (!hidden) return row;
  return {
    ...row,
    breakdowns: Object.fromEntries(Object.entries(row.breakdowns).filter(([d]) => !hidden.includes(d))),
  };
}

export function withholdFromIndicators(principal: Principal, regionCode: string, rows: IndicatorValue[]) {
  if (seesReferralOutcomes(principal, regionCode)) return rows;
  return rows.map((row) => {
    if (OUTCOME_INDICATORS.has(row.code)) {
      return { ...row, value: null, achievementPct: null, breakdowns: {}, suppressed: true };
    }
    return withoutOutcomeBreakdowns(row);
  });
}

/** The report as this reader may see it: its own rows, and its children's when they lie below a province. */
export function withholdFromReport(principal: Principal, report: CoordinationReport): CoordinationReport {
  const own = seesReferralOutcomes(principal, report.regionCode);
  const childCode = report.children[0]?.regionCode;
  const children = childCode === undefined || seesReferralOutcomes(principal, childCode);
  if (own && children) return report;
  return {
    ...report,
    indicators: own
      ? report.indicators
      : report.indicators.map((row) => {
          if (OUTCOME_INDICATORS.has(row.code)) {
            return { ...row, ...withheld, target: row.target, achievementPct: null, breakdowns: {} };
          }
          return withoutOutcomeBreakdowns(row);
        }),
    children: children
      ? report.children
      : report.children.map((child) => ({
          ...child,
          values: Object.fromEntries(
            Object.entries(child.values).map(([code, cell]) => [code, OUTCOME_INDICATORS.has(code) ? withheld : cell]),
          ),
        })),
    coordination: own ? report.coordination : { ...report.coordination, referralAdmissionRatePct: null },
  };
}
