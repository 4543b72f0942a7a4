import {
  AGE_BANDS,
  type AgeBand,
  FACILITY_KINDS,
  PROGRAMS,
  REFERRAL_SOURCES,
  SEXES,
  SUBSTANCES,
  type Substance,
} from '@sinergi/contracts';

/**
 * Sinergi's values in the EMCDDA Treatment Demand Indicator's codes: the one mapping the TDI
 * export uses (docs/domain.md, "EMCDDA TDI 3.0 mapping", which cites the sources and says what
 * could not be verified). The codes are those of the EMCDDA's reporting tables for TDI protocol
 * 3.0: primary drug and source of referral are numbered there (`3.2`, `99`); treatment centre
 * type, sex and age group are named categories with no number, so their category name is the
 * code. A Sinergi value with no TDI equivalent maps to TDI's "other" or "not known" explicitly,
 * and `unknown` (what the aggregates record where an admission lacks the dimension) always maps
 * to "not known / missing".
 */

/** How an item's codes were established. */
export type TdiCodes =
  /** TDI's numbered codes. */
  | 'numbered'
  /** TDI's named categories; no numeric code could be verified, so the name is the code. */
  | 'named'
  /** Not a TDI item: Sinergi's own values (no TDI 3.0 code verified). */
  | 'sinergi';

export interface TdiValue {
  code: string;
  label: string;
}

export interface TdiItem<V extends string = string> {
  /** A stable id for the item in the export. */
  id: string;
  /** The item's name as TDI gives it. */
  name: string;
  codes: TdiCodes;
  /** The item's values in TDI's order (for a numbered item, every code of its list). */
  values: readonly TdiValue[];
  /** Each Sinergi value (and `unknown`) to the TDI code it is counted under. */
  map: Readonly<Record<V | 'unknown', string>>;
  /** Where a value outside `map` goes (a value a newer rehab wrote that this mapping predates). */
  fallback: string;
}

const NOT_KNOWN_NAMED = 'Not known / missing';

/** Type of treatment centre, from the admission's programme (rawat jalan / rawat inap). */
export const TREATMENT_CENTRE_TYPE: TdiItem<(typeof PROGRAMS)[number]> = {
  id: 'treatment_centre_type',
  name: 'Type of treatment centre',
  codes: 'named',
  values: [
    { code: 'Outpatient treatment centres', label: 'Outpatient treatment centres' },
    { code: 'Inpatient treatment centres', label: 'Inpatient treatment centres' },
    { code: 'Treatment units in prison', label: 'Treatment units in prison' },
    { code: 'General practitioners', label: 'General practitioners' },
    { code: 'Low threshold agencies', label: 'Low threshold agencies' },
    { code: 'Other', label: 'Other' },
    { code: NOT_KNOWN_NAMED, label: NOT_KNOWN_NAMED },
  ],
  map: {
    outpatient: 'Outpatient treatment centres',
    inpatient: 'Inpatient treatment centres',
    unknown: NOT_KNOWN_NAMED,
  },
  fallback: NOT_KNOWN_NAMED,
};

export const SOURCE_OF_REFERRAL: TdiItem<(typeof REFERRAL_SOURCES)[number]> = {
  id: 'source_of_referral',
  name: 'Source of referral',
  codes: 'numbered',
  values: [
    { code: '1', label: 'court / probation / police' },
    { code: '2', label: 'general practitioner' },
    { code: '3', label: 'other drug treatment centre' },
    { code: '4', label: 'other health, medical or social service' },
    { code: '5', label: 'educational services' },
    {
      code: '6',
      label: 'self-referral, referral from family, friends, etc.; no other agency/institution involved',
    },
    { code: '7', label: 'other' },
    { code: '99', label: 'not known / missing' },
  ],
  map: {
    voluntary: '6',
    family: '6',
    // Self-report at an IPWL (UU 35/2009 art. 55): the user comes of their own accord.
    ipwl: '6',
    // The integrated assessment follows an arrest and is decided with police, BNN and prosecutor.
    tat: '1',
    court: '1',
    unknown: '99',
  },
  fallback: '99',
};

export const PRIMARY_DRUG: TdiItem<Substance> = {
  id: 'primary_drug',
  name: 'Primary drug',
  codes: 'numbered',
  values: [
    { code: '1.1', label: 'heroin' },
    { code: '1.2', label: 'methadone misused' },
    { code: '1.3', label: 'buprenorphine misused' },
    { code: '1.4', label: 'fentanils misused' },
    { code: '1.5', label: 'other opioids' },
    { code: '2', label: 'cocaine (total)' },
    { code: '2.1', label: 'powder cocaine (HCL)' },
    { code: '2.2', label: 'crack cocaine' },
    { code: '2.3', label: 'other cocaine' },
    { code: '3.1', label: 'amphetamines' },
    { code: '3.2', label: 'methamphetamines' },
    { code: '3.3', label: 'MDMA and derivates' },
    { code: '3.4', label: 'synthetic cathinones' },
    { code: '3.5', label: 'other stimulants' },
    { code: '4.1', label: 'barbiturates misused' },
    { code: '4.2', label: 'benzodiazepines misused' },
    { code: '4.3', label: 'GHB / GBL' },
    { code: '4.4', label: 'other hypnotics and sedatives' },
    { code: '5.1', label: 'LSD' },
    { code: '5.2', label: 'ketamine' },
    { code: '5.3', label: 'other hallucinogens' },
    { code: '6', label: 'volatile inhalants' },
    { code: '7.1', label: 'herbal cannabis or resin' },
    { code: '7.2', label: 'synthetic cannabinoids' },
    { code: '7.3', label: 'other cannabis' },
    { code: '9', label: 'other substances' },
    { code: '99', label: 'not known / missing' },
  ],
  map: {
    heroin: '1.1',
    // Sinergi does not record the form (powder or crack): TDI's cocaine total, exactly.
    cocaine: '2',
    methamphetamine: '3.2',
    mdma: '3.3',
    cannabis: '7.1',
    synthetic_cannabinoid: '7.2',
    other: '9',
    unknown: '99',
  },
  fallback: '99',
};

export const SEX: TdiItem<(typeof SEXES)[number]> = {
  id: 'sex',
  name: 'Sex',
  codes: 'named',
  values: [
    { code: 'Males', label: 'Males' },
    { code: 'Females', label: 'Females' },
    { code: NOT_KNOWN_NAMED, label: NOT_KNOWN_NAMED },
  ],
  map: { male: 'Males', female: 'Females', unknown: NOT_KNOWN_NAMED },
  fallback: NOT_KNOWN_NAMED,
};

const TDI_AGE_GROUPS = [
  '<15',
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50-54',
  '55-59',
  '60-64',
  '>=65',
  NOT_KNOWN_NAMED,
] as const;

export const AGE_AT_TREATMENT_ENTRY: TdiItem<AgeBand> = {
  id: 'age_at_treatment_entry',
  name: 'Age at entering treatment',
  codes: 'named',
  values: TDI_AGE_GROUPS.map((code) => ({ code, label: code })),
  map: {
    '0-14': '<15',
    '15-19': '15-19',
    '20-24': '20-24',
    '25-29': '25-29',
    '30-34': '30-34',
    '35-39': '35-39',
    '40-44': '40-44',
    '45-49': '45-49',
    '50-54': '50-54',
    '55-59': '55-59',
    // Rehab bands ages from 60 together; TDI splits them at 65, so neither group can be named.
    '60+': NOT_KNOWN_NAMED,
    unknown: NOT_KNOWN_NAMED,
  },
  fallback: NOT_KNOWN_NAMED,
};

/** The kind of facility is Sinergi's own dimension: TDI has no item for it. */
export const FACILITY_KIND: TdiItem<(typeof FACILITY_KINDS)[number]> = {
  id: 'sinergi.facility_kind',
  name: 'Kind of facility (Sinergi; no TDI 3.0 item)',
  codes: 'sinergi',
  values: [...FACILITY_KINDS, 'unknown'].map((code) => ({ code, label: code })),
  map: {
    clinic: 'clinic',
    puskesmas: 'puskesmas',
    hospital: 'hospital',
    ibm_unit: 'ibm_unit',
    social_rehab: 'social_rehab',
    unknown: 'unknown',
  },
  fallback: 'unknown',
};

/** The items by the admission dimension they are read from. */
export const TDI_ITEMS = {
  facilityKind: FACILITY_KIND,
  program: TREATMENT_CENTRE_TYPE,
  source: SOURCE_OF_REFERRAL,
  substance: PRIMARY_DRUG,
  sex: SEX,
  ageBand: AGE_AT_TREATMENT_ENTRY,
} as const satisfies Record<string, TdiItem>;

/** Every Sinergi value of each dimension, as the contracts list them (the mapping must cover each). */
export const SINERGI_VALUES: Readonly<Record<keyof typeof TDI_ITEMS, readonly string[]>> = {
  facilityKind: FACILITY_KINDS,
  program: PROGRAMS,
  source: REFERRAL_SOURCES,
  substance: SUBSTANCES,
  sex: SEXES,
  ageBand: AGE_BANDS,
};

/** The TDI code a Sinergi value is counted under. */
export function tdiCode(item: TdiItem, value: string): string {
  const code = Object.hasOwn(item.map, value) ? (item.map as Record<string, string>)[value] : undefined;
  return code ?? item.fallback;
}

/** TDI's label for one of an item's codes. */
export function tdiLabel(item: TdiItem, code: string): string {
  return item.values.find((v) => v.code === code)?.label ?? code;
}

/** The position of a code in TDI's order, for sorting rows and columns as TDI lists them. */
export function tdiOrder(item: TdiItem, code: string): number {
  const at = item.values.findIndex((v) => v.code === code);
  return at === -1 ? item.values.length : at;
}
