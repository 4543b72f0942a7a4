import { ASSESSMENT_DEADLINE_DAYS, type INDICATOR_CODES, REFERRAL_ADMISSION_DAYS } from '@sinergi/contracts';
import type * as Contracts from '@sinergi/contracts';

/**
 * The agencies' policy values an indicator counts against (packages/contracts/src/policy.ts). A
 * `Pick` of the contracts' own exports, so renaming one of them breaks the build here.
 */
export type PolicyValue = keyof Pick<
  typeof Contracts,
  | 'ASSESSMENT_DEADLINE_DAYS'
  | 'TAT_RECOMMENDATIONS'
  | 'REFERRAL_ADMISSION_DAYS'
  | 'AFTERCARE_COVERAGE_DAYS'
  | 'FOLLOW_UP_MONTHS'
>;

/** What an indicator means: written once here, and in docs/domain.md's indicator table (catalogue.spec.ts keeps them together). */
export interface IndicatorMeaning {
  /** What is counted, over what: one sentence. */
  definition: string;
  /** The law, standard or programme it comes from, or "Sinergi" where no outside source gives it. */
  origin: string;
  /** The policy values its computation uses. */
  policy: readonly PolicyValue[];
}

/**
 * The indicator catalogue (docs/domain.md, "Indicators"; docs/architecture.md, "Reporting"). `facts`
 * indicators are sums over projected facts; `query` indicators are computed from the coordination
 * tables by CoordinationQuery.
 */
export interface IndicatorDefinition extends IndicatorMeaning {
  code: (typeof INDICATOR_CODES)[number];
  label: string;
  labelId: string;
  unit: 'count' | 'percent' | 'days' | 'quantity' | 'people';
  /** Dimensions it is broken down by. */
  breakdowns: string[];
  source: 'facts' | 'query';
  /**
   * Counts of people in treatment: protected below province level by the publication layer
   * (apps/reporting/src/publication). A sum of facts has its small cells hidden; a count
   * computed otherwise (coverage, overdue follow-ups, referrals admitted) is not published
   * below province level at all.
   */
  sensitive: boolean;
  /** Quantities in different units (g, tablets, ml, plants): only the per-unit breakdowns mean anything, never a total. */
  perUnit?: boolean;
  /** Whether more is better (admissions, activities) or less (turnaround days, drop-outs): achievement follows it. */
  direction: 'higher' | 'lower';
}

/** An indicator's meaning; `policy` stays empty where its computation uses none. */
const means = (definition: string, origin: string, policy: readonly PolicyValue[] = []): IndicatorMeaning => ({
  definition,
  origin,
  policy,
});

const facts = (
  code: IndicatorDefinition['code'],
  label: string,
  labelId: string,
  meaning: IndicatorMeaning,
  breakdowns: string[],
  options: {
    unit?: IndicatorDefinition['unit'];
    sensitive?: boolean;
    perUnit?: boolean;
    direction?: IndicatorDefinition['direction'];
  } = {},
): IndicatorDefinition => ({
  code,
  label,
  labelId,
  ...meaning,
  unit: options.unit ?? 'count',
  breakdowns,
  source: 'facts',
  sensitive: options.sensitive ?? false,
  ...(options.perUnit ? { perUnit: true } : {}),
  direction: options.direction ?? 'higher',
});

const query = (
  code: IndicatorDefinition['code'],
  label: string,
  labelId: string,
  meaning: IndicatorMeaning,
  unit: IndicatorDefinition['unit'],
  breakdowns: string[] = [],
  options: { sensitive?: boolean; direction?: IndicatorDefinition['direction'] } = {},
): IndicatorDefinition => ({
  code,
  label,
  labelId,
  ...meaning,
  unit,
  breakdowns,
  source: 'query',
  sensitive: options.sensitive ?? false,
  direction: options.direction ?? 'higher',
});

/** Where the origins repeat. */
const TAT = 'Peraturan Bersama 2014 (integrated assessment team, TAT)';
const TREATMENT_STANDARDS = 'UNODC/WHO International Standards for the Treatment of Drug Use Disorders (2020)';
const ERADICATION = 'BNN/POLRI P4GN eradication programme';
const DITJENPAS = 'Ditjenpas prison occupancy statistics';
const DATA_QUALITY = 'WHO Data Quality Review (2017): completeness and timeliness of facility reporting';
const PREVENTION = 'BNN P4GN prevention programme';

export const INDICATORS: readonly IndicatorDefinition[] = [
  facts(
    'rehab.admissions',
    'Clients admitted to rehabilitation',
    'Klien yang masuk rehabilitasi',
    means(
      'Admissions to outpatient or inpatient rehabilitation dated in the period, one per admission, in the region of the admitting facility.',
      'UU 35/2009 art. 54–55; breakdowns after the EMCDDA TDI protocol 3.0',
    ),
    ['program', 'source', 'substance', 'sex', 'ageBand'],
    { sensitive: true },
  ),
  facts(
    'rehab.completed',
    'Rehabilitation completed',
    'Rehabilitasi selesai',
    means('Discharges dated in the period whose outcome is completed.', TREATMENT_STANDARDS),
    ['program'],
    { sensitive: true },
  ),
  facts(
    'rehab.dropped_out',
    'Rehabilitation dropped out',
    'Putus rehabilitasi',
    means('Discharges dated in the period whose outcome is dropped out.', TREATMENT_STANDARDS),
    ['program'],
    { sensitive: true, direction: 'lower' },
  ),
  facts(
    'rehab.aftercare_clients',
    'Clients who entered aftercare',
    'Klien pascarehabilitasi',
    means(
      'Aftercare (pascarehabilitasi) episodes started in the period, at most one per completed admission.',
      'BNN pascarehabilitasi programme',
    ),
    [],
    { sensitive: true },
  ),
  query(
    'rehab.aftercare_coverage',
    'Completed clients followed up by their first due date',
    'Klien selesai yang dipantau sebelum jatuh tempo pertama',
    means(
      'Of the admissions discharged as completed in the period, the share whose client has a follow-up dated from the discharge to the first due point (FOLLOW_UP_MONTHS[0] months after the start) of the aftercare that followed it, or, where none followed, to AFTERCARE_COVERAGE_DAYS after the discharge.',
      'Sinergi',
      ['AFTERCARE_COVERAGE_DAYS', 'FOLLOW_UP_MONTHS'],
    ),
    'percent',
    ['counts'],
    { sensitive: true },
  ),
  query(
    'rehab.employed_at_follow_up',
    'Aftercare clients in work at follow-up',
    'Klien pascarehabilitasi yang bekerja saat pemantauan',
    means(
      'Of the aftercare clients with a follow-up in the period that recorded whether they work, the share working at the latest such follow-up.',
      'BNN pascarehabilitasi programme (social reintegration: job fairs, vocational training)',
    ),
    'percent',
    ['counts'],
    { sensitive: true },
  ),
  // Divides by a survey's figure (reference-figures/), not by another count: indicator.query.ts.
  query(
    'rehab.treatment_coverage',
    'Treatment coverage of estimated users',
    'Cakupan rehabilitasi terhadap perkiraan penyalah guna',
    means(
      "People in treatment in the period (distinct clients with an admission at a facility in the region open at any time in it: admitted before the period's end and not discharged before its start; aftercare not counted) over the region's own estimated past-year users (the reference figure estimated_users of the period's year or the latest earlier one), × 100; empty where no estimate is recorded. The estimate counts past-year users, more than the people with drug use disorders UNODC/WHO divide by, and clients count where they are treated, the estimate where people live.",
      'UNODC/WHO',
    ),
    'percent',
    ['counts'],
    { sensitive: true },
  ),
  facts(
    'rehab.skhpn_issued',
    'Drug-test certificates (SKHPN) issued',
    'SKHPN diterbitkan',
    means('Drug-test certificates (SKHPN) issued in the period, negative and positive.', 'BNN SKHPN service'),
    ['result', 'purpose'],
  ),
  facts(
    'enforcement.cases',
    'Narcotics cases opened',
    'Kasus narkotika',
    means(
      'Narcotics cases opened in the period, by the investigating agency (BNN or POLRI).',
      'UU 35/2009 art. 71, 81 (BNN and POLRI investigators)',
    ),
    ['agency'],
  ),
  facts(
    'enforcement.suspects',
    'Suspects',
    'Tersangka',
    means(
      'Suspects recorded on the cases opened in the period, by role (user, courier, dealer, trafficker).',
      'UU 35/2009 (users to rehabilitation, dealers and traffickers to court)',
    ),
    ['role', 'sex', 'ageBand', 'nationality'],
  ),
  facts(
    'enforcement.seized',
    'Evidence seized, per unit (g, tablets, ml, plants: see the breakdowns)',
    'Barang bukti disita, per satuan',
    means(
      'Quantities of evidence seized in the period, per unit and per substance and unit, never totalled across units.',
      'UNODC Annual Report Questionnaire (seizures by drug and unit)',
    ),
    ['unit', 'substanceUnit'],
    { unit: 'quantity', perUnit: true },
  ),
  facts(
    'enforcement.operations',
    'Operations (raids, patrols, checkpoints)',
    'Operasi (razia, patroli, pos)',
    means('Operations (raids, patrols, checkpoints) held in the period.', ERADICATION),
    ['kind', 'venueType'],
  ),
  facts(
    'enforcement.people_tested',
    'People tested in operations',
    'Orang dites dalam operasi',
    means('People tested for drugs in the operations held in the period.', ERADICATION),
    ['kind', 'venueType'],
    { unit: 'people' },
  ),
  facts(
    'enforcement.operation_positives',
    'People tested positive in operations',
    'Positif dalam operasi',
    means('People who tested positive in the operations held in the period.', ERADICATION),
    ['kind', 'venueType'],
    { unit: 'people' },
  ),
  query(
    'enforcement.prison_occupancy_rate',
    'Prison occupancy (latest snapshot)',
    'Tingkat hunian lapas',
    means(
      "Inmates as a share of capacity, over each prison's latest snapshot dated before the period's end.",
      DITJENPAS,
    ),
    'percent',
    ['counts'],
  ),
  query(
    'enforcement.prison_narcotics_share',
    'Narcotics inmates among prisoners',
    'Porsi warga binaan narkotika',
    means(
      "Narcotics inmates as a share of all inmates, over each prison's latest snapshot dated before the period's end.",
      DITJENPAS,
    ),
    'percent',
    ['counts'],
  ),
  query(
    'coordination.assessments_requested',
    'Integrated assessments requested',
    'Asesmen terpadu diminta',
    means('Integrated assessments requested by investigators in the period.', TAT),
    'count',
  ),
  query(
    'coordination.assessments_completed',
    'Integrated assessments completed',
    'Asesmen terpadu selesai',
    means("Integrated assessments decided in the period, by the TAT's recommendation.", TAT, ['TAT_RECOMMENDATIONS']),
    'count',
    ['recommendation'],
  ),
  query(
    'coordination.assessment_turnaround_days',
    'Assessment turnaround, median days (p90 in breakdown)',
    'Waktu asesmen, median hari',
    means(
      "Median calendar days from the investigator's request to the TAT's decision, over the assessments decided in the period.",
      TAT,
    ),
    'days',
    ['stat'],
    { direction: 'lower' },
  ),
  query(
    'coordination.assessments_within_limit_pct',
    `Assessments answered within the ${ASSESSMENT_DEADLINE_DAYS}-day limit`,
    `Asesmen dijawab dalam ${ASSESSMENT_DEADLINE_DAYS} hari`,
    means(
      'Of the assessments decided in the period, the share decided at most ASSESSMENT_DEADLINE_DAYS after the request.',
      TAT,
      ['ASSESSMENT_DEADLINE_DAYS'],
    ),
    'percent',
    ['counts'],
  ),
  query(
    'coordination.referral_admission_rate',
    `Rehab-recommended suspects admitted within ${REFERRAL_ADMISSION_DAYS} days`,
    `Rekomendasi rehab yang masuk dalam ${REFERRAL_ADMISSION_DAYS} hari`,
    means(
      'Of the assessments decided in the period with an outpatient or inpatient recommendation, the share whose referred user was admitted at most REFERRAL_ADMISSION_DAYS after the decision.',
      'Sinergi',
      ['REFERRAL_ADMISSION_DAYS', 'TAT_RECOMMENDATIONS'],
    ),
    'percent',
    ['counts'],
    { sensitive: true },
  ),
  query(
    'coordination.suspect_outcomes',
    'Suspects by role reaching rehabilitation or court',
    'Tersangka menurut peran: ke rehabilitasi atau ke pengadilan',
    means(
      "Suspects of the cases opened in the period, by role and outcome: 'rehab' where the TAT recommended outpatient or inpatient treatment, 'court' where their case reached prosecution otherwise, 'pending' where neither has happened yet.",
      'Peraturan Bersama 2014 (users to rehabilitation, dealers and couriers to court)',
      ['TAT_RECOMMENDATIONS'],
    ),
    'count',
    ['outcome', 'roleOutcome'],
  ),
  query(
    'coordination.overdue_follow_ups',
    'Aftercare clients with an overdue follow-up',
    'Klien pascarehab terlambat dipantau',
    means(
      "Aftercare episodes that, as of the period's end (or today), have passed a FOLLOW_UP_MONTHS due point with no follow-up dated before that day and on or after the previous due point (the start, for the first): rehab's own overdue rule.",
      'Sinergi',
      ['FOLLOW_UP_MONTHS'],
    ),
    'count',
    [],
    { sensitive: true, direction: 'lower' },
  ),
  // Whether the reporting units (rehab facilities) recorded each month, and on time (completeness.ts).
  query(
    'coordination.reporting_completeness',
    'Reporting units that recorded each month',
    'Kelengkapan laporan unit',
    means(
      'Of the unit-months owed in the period (each rehab facility and area prevention unit, each ended month since it started), the share in which the unit recorded anything.',
      DATA_QUALITY,
    ),
    'percent',
    ['counts'],
  ),
  query(
    'coordination.reporting_timeliness',
    'Reporting units that recorded each month on time',
    'Ketepatan waktu laporan unit',
    means(
      "Of the unit-months owed in the period, the share whose first record came within the reporting deadline after the month's end.",
      DATA_QUALITY,
    ),
    'percent',
    ['counts'],
  ),
  facts(
    'prevention.activities',
    'Prevention activities',
    'Kegiatan pencegahan',
    means('Prevention (P4GN) activities held in the period, in person or digital.', PREVENTION),
    ['kind', 'segment', 'channel'],
  ),
  facts(
    'prevention.participants',
    'Participants in person',
    'Peserta tatap muka',
    means('Participants recorded on the in-person activities held in the period.', PREVENTION),
    ['kind', 'segment'],
    { unit: 'people' },
  ),
  facts(
    'prevention.digital_reach',
    'Digital reach',
    'Jangkauan digital',
    means('Reach recorded on the digital activities held in the period.', PREVENTION),
    ['kind', 'segment'],
    { unit: 'people' },
  ),
  facts(
    'prevention.bersinar_villages',
    'Bersinar (drug-free) villages designated',
    'Desa/Kelurahan Bersinar',
    means(
      'Villages whose latest Bersinar designation or status change is dated in the period, by that status.',
      'BNN Desa/Kelurahan Bersinar programme',
    ),
    ['status'],
  ),
  facts(
    'prevention.activists_trained',
    'P4GN activists trained',
    'Penggiat P4GN dilatih',
    means(
      'P4GN activists (penggiat) trained in the trainings held in the period, by sector.',
      'BNN penggiat P4GN programme',
    ),
    ['sector'],
    { unit: 'people' },
  ),
  query(
    'prevention.vulnerable_areas',
    'Vulnerable areas (by latest risk level)',
    'Kawasan rawan',
    means(
      "Vulnerable areas mapped before the period's end, by their latest risk level assessed before it.",
      'BNN vulnerable-area grading (bahaya, siaga, waspada, aman)',
    ),
    'count',
    ['riskLevel'],
  ),
  query(
    'coordination.vulnerable_areas_multi_agency',
    'Vulnerable areas reached by two or more agencies',
    'Kawasan rawan dijangkau ≥ 2 instansi',
    means(
      "Vulnerable areas mapped before the period's end whose village saw, in the period, interventions by at least two agencies (institutions: BNN, POLRI, PEMDA, KEMENKES, as each event's signed principal names them), whether prevention activities, enforcement operations or a rehab IBM unit (counted from its registration on); GET /v1/reporting/vulnerable-areas lists each area with its agencies and their work.",
      'Sinergi',
    ),
    'count',
  ),
];

export function indicatorByCode(code: string): IndicatorDefinition | undefined {
  return INDICATORS.find((indicator) => indicator.code === code);
}
