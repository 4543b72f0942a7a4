// Types of scripts/demo/figures.mjs, for test/e2e/demo.spec.ts.

export interface Seed {
  id: string;
  agency: string;
  title: string;
  states: string;
}

/** Where a figure shows: an indicator of GET /v1/reporting/indicators in a region and period. */
export interface Read {
  /** An indicator's code, or `references` for a survey's figure beside them. */
  indicator: string;
  /** With `references`: the kind of reference figure (prevalence_pct, estimated_users, abuse_rank). */
  reference?: string;
  region: string;
  year: number;
  /** The indicator's value or its target. */
  field: 'value' | 'target';
  /** Summed over these months of the year (first and last). */
  months?: [number, number];
  /** A cell below the indicator, e.g. `['breakdowns', 'program']`. */
  path?: string[];
  /** Compared after rounding to this many decimals. */
  round?: number;
}

interface FigureBase<T> {
  value: T;
  reads: Read[];
}
export interface SeedFigure<T> extends FigureBase<T> {
  seed: string;
  says: string;
  illustrative?: undefined;
  /** false: the catalogue has no indicator for it, so the demo does not load it. */
  loaded?: false;
}
export interface IllustrativeFigure<T> extends FigureBase<T> {
  illustrative: true;
  why: string;
  seed?: undefined;
}
export type Figure<T = unknown> = SeedFigure<T> | IllustrativeFigure<T>;
export type ListedFigure = Figure & { id: string };

export interface Village {
  name: string;
  code: string;
}

export declare const SEEDS: Seed[];

export declare const JAKARTA_UTARA: {
  region: string;
  year: number;
  admissions: SeedFigure<number>;
  admissionsTarget: SeedFigure<number>;
  program: SeedFigure<'outpatient'>;
  aftercare: SeedFigure<number>;
  aftercareTarget: SeedFigure<number>;
  skhpn: SeedFigure<number>;
  skhpnTarget: SeedFigure<number>;
  activities: SeedFigure<number>;
  digitalReach: SeedFigure<number>;
  assessments: SeedFigure<number>;
  ibmVillages: SeedFigure<Village[]>;
  bersinarVillages: SeedFigure<number>;
  raidVenue: SeedFigure<string>;
  assessmentCases: IllustrativeFigure<number>;
  tatRehabilitation: IllustrativeFigure<number>;
  tatAdmitted: IllustrativeFigure<number>;
  tatLateEvery: IllustrativeFigure<number>;
  skhpnPositives: IllustrativeFigure<number>;
  skhpnAtPuskesmasEvery: IllustrativeFigure<number>;
  digitalActivities: IllustrativeFigure<number>;
  aftercareWithoutFollowUp: IllustrativeFigure<number>;
  nightlifeRaids: IllustrativeFigure<number>;
  raidDates: IllustrativeFigure<string[]>;
  raidDistricts: IllustrativeFigure<string[]>;
  bersinarDesignatedOn: IllustrativeFigure<string[]>;
};

export declare const LUBUKLINGGAU: {
  region: string;
  year: number;
  cases: SeedFigure<number>;
  suspects: SeedFigure<number>;
  seizures: SeedFigure<Array<{ substance: string; quantity: string; unit: string }>>;
  admissions: SeedFigure<number>;
  program: SeedFigure<'outpatient'>;
  aftercare: SeedFigure<number>;
  ibmVillages: SeedFigure<Village[]>;
  caseDetails: IllustrativeFigure<
    Array<{ openedOn: string; suspect: { role: string; sex: 'male' | 'female'; age: number } }>
  >;
  prosecutionAfterDays: IllustrativeFigure<number>;
  ibmEvery: IllustrativeFigure<number>;
};

export declare const SOUTH_SUMATRA: IllustrativeFigure<
  Array<{ code: string; name: string; admissions: number; aftercare: number }>
>;

export declare const DKI_JAKARTA: {
  region: string;
  year: number;
  admissions2023: SeedFigure<number>;
  admissions2024: SeedFigure<number>;
  admissionsJanMay2025: SeedFigure<number>;
  prisonCapacity: SeedFigure<number>;
  prisonOccupancy: SeedFigure<number>;
  prisonNarcotics: SeedFigure<number>;
  narcoticsSharePct: SeedFigure<number>;
  prevalence2019Pct: SeedFigure<number>;
  users2019: SeedFigure<number>;
  surveySource: SeedFigure<string>;
  vulnerableAreas: SeedFigure<Array<Village & { village: string }>>;
  regencies: IllustrativeFigure<Array<{ code: string; name: string; weight: number; bnnkOffice?: false }>>;
  jakartaUtaraWeight: IllustrativeFigure<number>;
  aftercareEvery2024: IllustrativeFigure<number>;
  hospitals: IllustrativeFigure<Array<{ regency: string; name: string; district?: number }>>;
  prisons: IllustrativeFigure<Array<{ name: string; regionCode: string; weight: number }>>;
  prisonSnapshotOn: IllustrativeFigure<string>;
  vulnerableRisk: IllustrativeFigure<{ riskLevel: string; assessedOn: string; reassessedOn: string }>;
  vulnerableRaidDates: IllustrativeFigure<string[]>;
  jakartaBaratNightlifeRaids: IllustrativeFigure<string[]>;
  jakartaBaratActivities: IllustrativeFigure<number>;
  multiAgencyAreas: IllustrativeFigure<number>;
};

export declare const JAMBI: {
  region: string;
  year: number;
  abuseRank: SeedFigure<number>;
  rankSource: SeedFigure<string>;
  silentFacility: IllustrativeFigure<{ name: string; regionCode: string; months: [number, number]; year: number }>;
};

export declare const BACKGROUND: IllustrativeFigure<{
  cities: Array<{ code: string; name: string }>;
  years: number[];
  admissions: [number, number];
  certificates: [number, number];
  cases: [number, number];
  operations: number;
  activities: [number, number];
}>;

export declare const MIXES: Record<string, Array<[string, number]>>;

/** Every figure of the four regional groups with its id and each read's region and year filled in. */
export declare function figureList(): ListedFigure[];
