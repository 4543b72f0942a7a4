import type { INDICATOR_CODES } from '@sinergi/contracts';

/**
 * The indicator catalogue (docs/architecture.md, "Reporting"). `facts` indicators are sums over projected
 * facts; `query` indicators are computed from the coordination tables by CoordinationQuery.
 */
export interface IndicatorDefinition {
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

const facts = (
  code: IndicatorDefinition['code'],
  label: string,
  labelId: string,
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
  unit: IndicatorDefinition['unit'],
  breakdowns: string[] = [],
  options: { sensitive?: boolean; direction?: IndicatorDefinition['direction'] } = {},
): IndicatorDefinition => ({
  code,
  label,
  labelId,
  unit,
  breakdowns,
  source: 'query',
  sensitive: options.sensitive ?? false,
  direction: options.direction ?? 'higher',
});

export const INDICATORS: readonly IndicatorDefinition[] = [
  facts(
    'rehab.admissions',
    'Clients admitted to rehabilitation',
    'Klien yang masuk rehabilitasi',
    ['program', 'source', 'substance', 'sex', 'ageBand'],
    { sensitive: true },
  ),
  facts('rehab.completed', 'Rehabilitation completed', 'Rehabilitasi selesai', ['program'], { sensitive: true }),
  facts('rehab.dropped_out', 'Rehabilitation dropped out', 'Putus rehabilitasi', ['program'], {
    sensitive: true,
    direction: 'lower',
  }),
  facts('rehab.aftercare_clients', 'Clients who entered aftercare', 'Klien pascarehabilitasi', [], { sensitive: true }),
  query(
    'rehab.aftercare_coverage',
    'Completed clients followed up within 30 days',
    'Klien selesai yang dipantau dalam 30 hari',
    'percent',
    ['counts'],
    { sensitive: true },
  ),
  facts('rehab.skhpn_issued', 'Drug-test certificates (SKHPN) issued', 'SKHPN diterbitkan', ['result', 'purpose']),
  facts('enforcement.cases', 'Narcotics cases opened', 'Kasus narkotika', ['agency']),
  facts('enforcement.suspects', 'Suspects', 'Tersangka', ['role', 'sex', 'ageBand', 'nationality']),
  facts(
    'enforcement.seized',
    'Evidence seized, per unit (g, tablets, ml, plants: see the breakdowns)',
    'Barang bukti disita, per satuan',
    ['unit', 'substanceUnit'],
    { unit: 'quantity', perUnit: true },
  ),
  facts('enforcement.operations', 'Operations (raids, patrols, checkpoints)', 'Operasi (razia, patroli, pos)', [
    'kind',
    'venueType',
  ]),
  facts(
    'enforcement.people_tested',
    'People tested in operations',
    'Orang dites dalam operasi',
    ['kind', 'venueType'],
    { unit: 'people' },
  ),
  facts(
    'enforcement.operation_positives',
    'People tested positive in operations',
    'Positif dalam operasi',
    ['kind', 'venueType'],
    { unit: 'people' },
  ),
  query('enforcement.prison_occupancy_rate', 'Prison occupancy (latest snapshot)', 'Tingkat hunian lapas', 'percent', [
    'counts',
  ]),
  query(
    'enforcement.prison_narcotics_share',
    'Narcotics inmates among prisoners',
    'Porsi warga binaan narkotika',
    'percent',
    ['counts'],
  ),
  query('coordination.assessments_requested', 'Integrated assessments requested', 'Asesmen terpadu diminta', 'count'),
  query('coordination.assessments_completed', 'Integrated assessments completed', 'Asesmen terpadu selesai', 'count', [
    'recommendation',
  ]),
  query(
    'coordination.assessment_turnaround_days',
    'Assessment turnaround, median days (p90 in breakdown)',
    'Waktu asesmen, median hari',
    'days',
    ['stat'],
    { direction: 'lower' },
  ),
  query(
    'coordination.assessments_within_limit_pct',
    'Assessments answered within the 6-day limit',
    'Asesmen dijawab dalam 6 hari',
    'percent',
    ['counts'],
  ),
  query(
    'coordination.referral_admission_rate',
    'Rehab-recommended suspects admitted within 14 days',
    'Rekomendasi rehab yang masuk dalam 14 hari',
    'percent',
    ['counts'],
    { sensitive: true },
  ),
  query(
    'coordination.overdue_follow_ups',
    'Aftercare clients with an overdue follow-up',
    'Klien pascarehab terlambat dipantau',
    'count',
    [],
    { sensitive: true, direction: 'lower' },
  ),
  // Whether the reporting units (rehab facilities) recorded each month, and on time (completeness.ts).
  query(
    'coordination.reporting_completeness',
    'Reporting units that recorded each month',
    'Kelengkapan laporan unit',
    'percent',
    ['counts'],
  ),
  query(
    'coordination.reporting_timeliness',
    'Reporting units that recorded each month on time',
    'Ketepatan waktu laporan unit',
    'percent',
    ['counts'],
  ),
  facts('prevention.activities', 'Prevention activities', 'Kegiatan pencegahan', ['kind', 'segment', 'channel']),
  facts('prevention.participants', 'Participants in person', 'Peserta tatap muka', ['kind', 'segment'], {
    unit: 'people',
  }),
  facts('prevention.digital_reach', 'Digital reach', 'Jangkauan digital', ['kind', 'segment'], { unit: 'people' }),
  facts('prevention.bersinar_villages', 'Bersinar (drug-free) villages designated', 'Desa/Kelurahan Bersinar', [
    'status',
  ]),
  facts('prevention.activists_trained', 'P4GN activists trained', 'Penggiat P4GN dilatih', ['sector'], {
    unit: 'people',
  }),
  query('prevention.vulnerable_areas', 'Vulnerable areas (by latest risk level)', 'Kawasan rawan', 'count', [
    'riskLevel',
  ]),
  query(
    'coordination.vulnerable_areas_multi_agency',
    'Vulnerable areas reached by two or more agencies',
    'Kawasan rawan dijangkau ≥ 2 instansi',
    'count',
  ),
];

export function indicatorByCode(code: string): IndicatorDefinition | undefined {
  return INDICATORS.find((indicator) => indicator.code === code);
}
