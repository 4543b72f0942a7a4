// The demo data set as data: every figure the loader writes, and where it comes from. A figure
// an agency published carries `seed` (an id in SEEDS); one the loader needs but no seed gives (a
// split of a published total, a date, a role, a background region) carries `illustrative: true`
// and says why it is there. `reads` say where the figure shows once loaded (an indicator of
// GET /v1/reporting/indicators; a list figure shows there as how many it has), so
// test/e2e/demo.spec.ts asserts each seed figure by its seed.

/** The published statements the demo reproduces ("the seeds"): Indonesian agencies' reports. */
export const SEEDS = [
  {
    id: 'jakut-2024',
    agency: 'BNN Kota Jakarta Utara',
    title: 'Jakarta Utara: 2024 results and the 2025 plan',
    states:
      'outpatient clients, aftercare clients and SKHPN certificates against their targets; IBM units in Penjaringan ' +
      'and Semper Barat, both Kelurahan Bersinar; P4GN education activities and their digital reach; integrated ' +
      'assessments coordinated with the police; raids on nightlife venues',
  },
  {
    id: 'lubuklinggau-2022',
    agency: 'BNN Kota Lubuklinggau',
    title: 'Lubuklinggau: 2022 year-end figures',
    states: 'cases, suspects and seizures; outpatient and aftercare clients; the IBM unit in Kelurahan Karya Bakti',
  },
  {
    id: 'dki-jakarta',
    agency: 'BNN and Pemprov DKI Jakarta',
    title: 'DKI Jakarta: rehabilitation, prisons and vulnerable locations (2023–2025)',
    states:
      'rehabilitation clients in 2023, 2024 and January–May 2025; prison capacity, occupancy and narcotics inmates; ' +
      'the 2019 prevalence survey; vulnerable locations in Jakarta Barat',
  },
  {
    id: 'jambi-2022',
    agency: 'BNNP Jambi',
    title: 'Jambi: 2022 abuse rate and aftercare',
    states: "the province's rank in abuse rate; no follow-up for citizens released from rehabilitation",
  },
];

/** A figure a seed states. */
const seeded = (seed, value, says, ...reads) => ({ value, seed, says, reads });
/** A figure no seed gives: the loader needs it to write the seed figures, or to fill the background. */
const illustrative = (value, why, ...reads) => ({ value, illustrative: true, why, reads });
/** Where a figure shows: an indicator's value (or target, or a breakdown cell) in a region and period. */
const read = (indicator, where = {}) => ({ indicator, field: 'value', ...where });
/** Where a survey's figure shows: the reference figures beside a region's live indicators of its year. */
const reference = (kind, where = {}) => ({ indicator: 'references', reference: kind, field: 'value', ...where });

const JU = { region: '31.72', year: 2024 };

/** Jakarta Utara (31.72), 2024. */
export const JAKARTA_UTARA = {
  ...JU,
  admissions: seeded('jakut-2024', 118, '118 clients in outpatient rehabilitation', read('rehab.admissions')),
  admissionsTarget: seeded('jakut-2024', 100, 'a target of 100', read('rehab.admissions', { field: 'target' })),
  program: seeded('jakut-2024', 'outpatient', 'all of them outpatient (rawat jalan)'),
  aftercare: seeded('jakut-2024', 15, '15 aftercare clients', read('rehab.aftercare_clients')),
  aftercareTarget: seeded('jakut-2024', 15, 'a target of 15', read('rehab.aftercare_clients', { field: 'target' })),
  skhpn: seeded('jakut-2024', 173, '173 SKHPN certificates', read('rehab.skhpn_issued')),
  skhpnTarget: seeded('jakut-2024', 150, 'a target of 150', read('rehab.skhpn_issued', { field: 'target' })),
  activities: seeded('jakut-2024', 1839, '1,839 P4GN education activities', read('prevention.activities')),
  digitalReach: seeded('jakut-2024', 591_349, 'digital reach 591,349', read('prevention.digital_reach')),
  assessments: seeded(
    'jakut-2024',
    200,
    '200 integrated assessments coordinated with the police',
    read('coordination.assessments_requested'),
    read('coordination.assessments_completed'),
  ),
  ibmVillages: seeded('jakut-2024', [
    { name: 'Penjaringan', code: '31.72.01.1001' },
    { name: 'Semper Barat', code: '31.72.04.1007' },
  ]),
  bersinarVillages: seeded(
    'jakut-2024',
    2,
    'both IBM villages also Kelurahan Bersinar',
    read('prevention.bersinar_villages'),
  ),
  raidVenue: seeded('jakut-2024', 'nightlife', 'raids on nightlife venues'),

  assessmentCases: illustrative(100, 'the 200 assessments as 100 police cases with two user-suspects each'),
  tatRehabilitation: illustrative(
    130,
    'how the TAT answers the 200: 130 rehabilitation (outpatient), the other 70 legal process',
    read('coordination.referral_admission_rate', { path: ['breakdowns', 'counts', 'recommended'] }),
  ),
  tatAdmitted: illustrative(
    70,
    'of the 130 recommended, 70 admitted: part of the 118, the rest come by other routes',
    read('coordination.referral_admission_rate', { path: ['breakdowns', 'counts', 'admitted'] }),
    // Only Jakarta Utara admits TAT referrals in DKI, and the province publishes its breakdowns exactly.
    read('rehab.admissions', { region: '31', path: ['breakdowns', 'source', 'tat'] }),
  ),
  tatLateEvery: illustrative(11, 'one TAT answer in 11 comes after the six-day limit'),
  skhpnPositives: illustrative(
    6,
    'certificates with a positive result',
    read('rehab.skhpn_issued', { region: '31', path: ['breakdowns', 'result', 'positive'] }),
  ),
  skhpnAtPuskesmasEvery: illustrative(5, 'one certificate in five issued at Puskesmas Koja, the rest at the clinic'),
  digitalActivities: illustrative(150, 'of the 1,839 activities, 150 digital ones carry the whole digital reach'),
  aftercareWithoutFollowUp: illustrative(3, 'aftercare clients with no follow-up recorded (every fifth)'),
  nightlifeRaids: illustrative(
    6,
    'nightlife raids, one every two months',
    read('enforcement.operations', { path: ['breakdowns', 'venueType', 'nightlife'] }),
  ),
  raidDates: illustrative(
    ['2024-02-17', '2024-04-06', '2024-06-22', '2024-08-31', '2024-10-19', '2024-12-14'],
    'raid dates',
  ),
  raidDistricts: illustrative(['31.72.01', '31.72.05', '31.72.02'], 'districts with nightlife venues'),
  bersinarDesignatedOn: illustrative(['2024-03-12', '2024-05-20'], 'Bersinar designation dates'),
};

const LLG = { region: '16.73', year: 2022 };

/** Lubuklinggau (16.73), 2022. */
export const LUBUKLINGGAU = {
  ...LLG,
  cases: seeded('lubuklinggau-2022', 2, '2 cases', read('enforcement.cases')),
  suspects: seeded('lubuklinggau-2022', 2, '2 suspects', read('enforcement.suspects')),
  seizures: seeded('lubuklinggau-2022', [
    { substance: 'methamphetamine', quantity: '307.527', unit: 'g' },
    { substance: 'mdma', quantity: '10', unit: 'tablet' },
  ]),
  admissions: seeded('lubuklinggau-2022', 98, '98 outpatient clients', read('rehab.admissions')),
  program: seeded('lubuklinggau-2022', 'outpatient', 'all of them outpatient'),
  aftercare: seeded('lubuklinggau-2022', 21, '21 aftercare clients', read('rehab.aftercare_clients')),
  ibmVillages: seeded('lubuklinggau-2022', [{ name: 'Karya Bakti', code: '16.73.05.1006' }]),

  caseDetails: illustrative(
    [
      { openedOn: '2022-03-14', suspect: { role: 'dealer', sex: 'male', age: 34 } },
      { openedOn: '2022-08-22', suspect: { role: 'courier', sex: 'male', age: 27 } },
    ],
    "the seed gives two cases, two suspects and what was seized, not the dates, the suspects' roles or who held what",
  ),
  prosecutionAfterDays: illustrative(45, 'each case goes to prosecution 45 days after it opened'),
  ibmEvery: illustrative(3, 'one client in three treated at the IBM unit'),
};

/**
 * The rest of South Sumatra in 2022, as a real province looks: with Lubuklinggau the only
 * regency treating anyone, its figures would be the province's, whose public months would give
 * away its small months, and the publication layer would hide them (docs/security.md).
 */
export const SOUTH_SUMATRA = illustrative(
  [
    { code: '16.71', name: 'Palembang', admissions: 240, aftercare: 40 },
    { code: '16.72', name: 'Prabumulih', admissions: 45, aftercare: 9 },
    { code: '16.74', name: 'Pagar Alam', admissions: 30, aftercare: 6 },
  ],
  'South Sumatra beside Lubuklinggau, 2022',
);

const DKI = { region: '31', year: 2024 };
const occupancyRate = (path) => read('enforcement.prison_occupancy_rate', { path: ['breakdowns', 'counts', path] });
const narcoticsShare = (path) => read('enforcement.prison_narcotics_share', { path: ['breakdowns', 'counts', path] });

/** DKI Jakarta (31). */
export const DKI_JAKARTA = {
  ...DKI,
  admissions2023: seeded('dki-jakarta', 1551, '1,551 rehab clients in 2023', read('rehab.admissions', { year: 2023 })),
  // Jakarta Utara is in DKI: its 118 are part of the 7,072, not on top of them.
  admissions2024: seeded('dki-jakarta', 7072, '7,072 in 2024', read('rehab.admissions')),
  admissionsJanMay2025: seeded(
    'dki-jakarta',
    1236,
    '1,236 in January–May 2025',
    read('rehab.admissions', { year: 2025, months: [1, 5] }),
  ),
  prisonCapacity: seeded('dki-jakarta', 5919, 'prison capacity 5,919', occupancyRate('capacity')),
  prisonOccupancy: seeded(
    'dki-jakarta',
    13_347,
    'occupancy 13,347',
    occupancyRate('occupancy'),
    narcoticsShare('occupancy'),
  ),
  prisonNarcotics: seeded('dki-jakarta', 8585, 'narcotics inmates 8,585', narcoticsShare('narcotics')),
  narcoticsSharePct: seeded(
    'dki-jakarta',
    64,
    '64 % of inmates held for narcotics',
    read('enforcement.prison_narcotics_share', { round: 0 }),
  ),
  // Recorded as reference figures (PUT /v1/reporting/reference-figures) with their source.
  prevalence2019Pct: seeded(
    'dki-jakarta',
    3.3,
    '2019 survey: 3.3 % prevalence',
    reference('prevalence_pct', { year: 2019 }),
  ),
  users2019: seeded(
    'dki-jakarta',
    132_000,
    '2019 survey: about 132,000 users',
    reference('estimated_users', { year: 2019 }),
  ),
  surveySource: seeded('dki-jakarta', 'BNN, Survei Nasional Penyalahgunaan Narkoba 2019', 'the 2019 national survey'),
  vulnerableAreas: seeded(
    'dki-jakarta',
    [
      { name: 'Kampung Ambon', village: 'Kedaung Kali Angke', code: '31.73.01.1004' },
      { name: 'Kampung Boncos', village: 'Kota Bambu Selatan', code: '31.73.07.1006' },
    ],
    'vulnerable locations in Jakarta Barat',
    read('prevention.vulnerable_areas', { region: '31.73' }),
  ),

  regencies: illustrative(
    [
      { code: '31.71', name: 'Jakarta Pusat', weight: 17 },
      // The seed on Jakarta Barat's vulnerable locations: the city has no BNNK office yet, so no BNNK clinic.
      { code: '31.73', name: 'Jakarta Barat', weight: 22, bnnkOffice: false },
      { code: '31.74', name: 'Jakarta Selatan', weight: 24 },
      { code: '31.75', name: 'Jakarta Timur', weight: 27 },
      { code: '31.01', name: 'Kepulauan Seribu', weight: 1 },
    ],
    "how DKI's admissions spread over its regencies (Jakarta Utara weighs 9 in 2023 and 2025)",
  ),
  jakartaUtaraWeight: illustrative(9, "Jakarta Utara's share of DKI's 2023 and 2025 admissions"),
  aftercareEvery2024: illustrative(25, "one in 25 of the other regencies' 2024 clients completes and enters aftercare"),
  hospitals: illustrative(
    [
      { regency: '31.75', name: 'RSKO Jakarta', district: 1 },
      { regency: '31.74', name: 'RS Bhayangkara Tk. I Said Sukanto (rehabilitasi)' },
    ],
    'the inpatient hospitals (a district index places one in a district)',
  ),
  prisons: illustrative(
    [
      { name: 'Lapas Kelas I Cipinang', regionCode: '31.75', weight: 24 },
      { name: 'Lapas Narkotika Kelas IIA Jakarta', regionCode: '31.75', weight: 20 },
      { name: 'Rutan Kelas I Cipinang', regionCode: '31.75', weight: 22 },
      { name: 'Rutan Kelas I Jakarta Pusat (Salemba)', regionCode: '31.71', weight: 18 },
      { name: 'Lapas Kelas IIA Salemba', regionCode: '31.71', weight: 9 },
      { name: 'Rutan Perempuan Kelas IIA Pondok Bambu', regionCode: '31.75', weight: 7 },
    ],
    "the seed gives DKI's totals; the loader spreads them over six prisons by weight",
  ),
  prisonSnapshotOn: illustrative('2024-12-16', 'the day of the prison snapshot'),
  vulnerableRisk: illustrative(
    { riskLevel: 'bahaya', assessedOn: '2023-02-14', reassessedOn: '2024-02-20' },
    'the seed names the locations, not their grade or when they were assessed',
  ),
  vulnerableRaidDates: illustrative(['2024-03-09', '2024-09-21'], 'two residence raids in each vulnerable village'),
  jakartaBaratNightlifeRaids: illustrative(['2024-05-11', '2024-11-02'], 'nightlife raids in Jakarta Barat'),
  jakartaBaratActivities: illustrative(24, 'activities in Jakarta Barat 2024, half in the two vulnerable villages'),
  multiAgencyAreas: illustrative(
    2,
    'both vulnerable villages reached by prevention and enforcement (the raids and activities above)',
    read('coordination.vulnerable_areas_multi_agency', { region: '31.73' }),
  ),
};

/** Jambi (15). */
export const JAMBI = {
  region: '15',
  year: 2022,
  abuseRank: seeded('jambi-2022', 26, 'ranked 26th among provinces in abuse rate', reference('abuse_rank')),
  rankSource: seeded('jambi-2022', 'BNNP Jambi, 2022: rank among provinces in abuse rate', 'who ranked it'),
  // A reporting unit gone silent: completeness shows it silent from July, not as zeros.
  silentFacility: illustrative(
    { name: 'Puskesmas Paal Lima Kota Jambi', regionCode: '15.71', months: [1, 6], year: 2024 },
    'a puskesmas in Kota Jambi that records January to June 2024, then nothing',
  ),
};

/** Modest activity elsewhere, 2022–2024, so national and provincial reports are not empty. */
export const BACKGROUND = illustrative(
  {
    cities: [
      { code: '15.71', name: 'Kota Jambi' },
      { code: '36.71', name: 'Kota Tangerang' },
      { code: '51.71', name: 'Kota Denpasar' },
      { code: '73.71', name: 'Kota Makassar' },
    ],
    years: [2022, 2023, 2024],
    // Per city and year, before --background-scale.
    admissions: [20, 40],
    certificates: [10, 25],
    cases: [3, 6],
    operations: 2,
    activities: [30, 60],
  },
  'background regions',
);

/** The mixes the generator draws from (`[value, weight]`): illustrative, as no seed gives them. */
export const MIXES = {
  substance: [
    ['methamphetamine', 70],
    ['cannabis', 14],
    ['synthetic_cannabinoid', 8],
    ['mdma', 6],
    ['heroin', 2],
  ],
  purpose: [
    ['employment', 40],
    ['education', 25],
    ['civil_service', 12],
    ['military_police', 8],
    ['driving_license', 6],
    ['public_office', 4],
    ['legal', 3],
    ['other', 2],
  ],
  jakartaUtaraSource: [
    ['voluntary', 5],
    ['family', 3],
    ['ipwl', 2],
    ['court', 1],
  ],
  southSumatraSource: [
    ['voluntary', 6],
    ['family', 3],
    ['ipwl', 1],
  ],
  dkiSource: [
    ['voluntary', 50],
    ['family', 25],
    ['ipwl', 15],
    ['court', 10],
  ],
  followUp: [
    ['abstinent', 8],
    ['relapsed', 1],
  ],
};

/** Every figure of the data set with its id and the region and year of its group filled into its reads. */
export function figureList() {
  const groups = { JAKARTA_UTARA, LUBUKLINGGAU, DKI_JAKARTA, JAMBI };
  const list = [];
  for (const [group, figures] of Object.entries(groups)) {
    for (const [name, figure] of Object.entries(figures)) {
      if (typeof figure !== 'object' || !('value' in figure)) continue;
      const reads = figure.reads.map((r) => ({ region: figures.region, year: figures.year, ...r }));
      list.push({ id: `${group}.${name}`, ...figure, reads });
    }
  }
  return list;
}
