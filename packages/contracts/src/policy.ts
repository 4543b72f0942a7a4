/**
 * The agencies' policy values, in one place: the rules that enforce them (rehab, enforcement),
 * the projections and indicators that count against them (reporting) and the words of an export
 * all read them from here. docs/domain.md explains each one and where it comes from.
 */

/** Peraturan Bersama 2014: the TAT (integrated assessment team) answers within 6 days of the investigator's request. */
export const ASSESSMENT_DEADLINE_DAYS = 6;

/** What the TAT may decide for an assessed user: treatment outside or inside a facility, or the legal process. */
export const TAT_RECOMMENDATIONS = ['outpatient', 'inpatient', 'legal_process'] as const;

/** A user the TAT recommended for rehabilitation counts as reaching rehab when admitted within this many days. */
export const REFERRAL_ADMISSION_DAYS = 14;

/** Aftercare coverage: a client who completed treatment counts as followed up when seen within this many days of discharge. */
export const AFTERCARE_COVERAGE_DAYS = 30;

/** Aftercare follow-ups fall due this many months after aftercare starts. */
export const FOLLOW_UP_MONTHS = [1, 3, 6] as const;
