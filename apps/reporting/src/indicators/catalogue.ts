/**
 * The indicator catalogue (DOMAIN.md, "Indicators"). Each entry is computed from projected
 * facts; an indicator joins the catalogue when its projection exists, never before.
 */
export interface IndicatorDefinition {
  code: string;
  label: string;
  labelId: string;
  unit: 'count' | 'percent' | 'days' | 'quantity';
  /** Dimensions of the facts it is broken down by. */
  breakdowns: string[];
  /** `facts`: a sum over projected facts. */
  source: 'facts';
  /** Counts of people in treatment: small cells are suppressed below province level. */
  sensitive: boolean;
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: 'rehab.admissions',
    label: 'Clients admitted to rehabilitation',
    labelId: 'Klien yang masuk rehabilitasi',
    unit: 'count',
    breakdowns: ['program', 'source', 'substance', 'sex', 'ageBand'],
    source: 'facts',
    sensitive: true,
  },
];

export const INDICATOR_CODES = INDICATORS.map((i) => i.code);

export function indicatorByCode(code: string): IndicatorDefinition | undefined {
  return INDICATORS.find((indicator) => indicator.code === code);
}
