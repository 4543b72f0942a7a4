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
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    code: 'rehab.admissions',
    label: 'Clients admitted to rehabilitation',
    labelId: 'Klien yang masuk rehabilitasi',
    unit: 'count',
    breakdowns: ['program', 'source', 'substance', 'sex', 'ageBand'],
  },
];

export function indicatorByCode(code: string): IndicatorDefinition | undefined {
  return INDICATORS.find((indicator) => indicator.code === code);
}
