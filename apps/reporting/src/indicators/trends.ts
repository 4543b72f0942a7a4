import { type Period, type ReportCell, type ReportIndicator, type Trends, todayInJakarta } from '@sinergi/contracts';
import { hiddenDisplay } from '../publication/protect.js';
import type { CellState, PublicationLayer } from '../publication/publication.js';
import type { CoordinationReportBuilder } from '../reports/coordination-report.builder.js';
import { INDICATORS } from './catalogue.js';
import type { IndicatorQuery } from './indicator.query.js';
import { periodRange } from './period.js';

/** A figure as the dashboard shows it: its value, "<5", "x", or "–" (not published at this grain). */
function cell(value: number | null, state: CellState): ReportCell {
  if (state === 'visible' && value !== null) return { value, display: String(value), suppressed: false };
  if (state === 'visible' || state === 'withheld') return withheld;
  return { value: null, display: hiddenDisplay(state), suppressed: true };
}
const withheld: ReportCell = { value: null, display: '–', suppressed: true };

/** Months computed at once: each reads the aggregates and the coordination tables. */
const MONTHS_AT_ONCE = 6;

export interface TrendSources {
  query: IndicatorQuery;
  publication: PublicationLayer;
  builder: CoordinationReportBuilder;
}

/**
 * Every indicator's cells of one period (a year, or a month), through the publication layer: a
 * regency's month comes out `–`, a small count `<5`, exactly as every other view of that cell.
 */
async function periodCells(
  { query, publication }: TrendSources,
  regionCode: string,
  period: Period,
): Promise<Map<string, ReportCell>> {
  const cells = new Map<string, ReportCell>();
  if (periodRange(period).from > todayInJakarta()) {
    for (const definition of INDICATORS) cells.set(definition.code, withheld);
    return cells;
  }
  const raw = await query.raw(regionCode, period);
  for (const definition of INDICATORS) {
    const entry = raw.get(definition.code);
    const published = await publication.indicator(definition, regionCode, period, {
      value: entry?.value ?? null,
      breakdowns: entry?.breakdowns ?? {},
    });
    cells.set(definition.code, cell(definition.perUnit ? null : (entry?.value ?? null), published.state));
  }
  return cells;
}

/**
 * The dashboard's read of a region and year: each indicator month by month, this year and the
 * one before, and its child regions' figures of the year with their targets and achievement.
 * The year and the children are the coordination report's own (CoordinationReportBuilder),
 * built live; every cell leaves through the publication layer.
 */
export async function trendsOf(sources: TrendSources, regionCode: string, year: number): Promise<Trends> {
  const report = await sources.builder.build(regionCode, { year });
  const session = { ...sources, publication: sources.publication.session() };
  const years = year > 2000 ? [year - 1, year] : [year];
  const periods: Period[] = years.flatMap((y) => [
    { year: y },
    ...Array.from({ length: 12 }, (_, i) => ({ year: y, month: i + 1 })),
  ]);
  const key = (period: Period) => `${period.year}-${period.month ?? 'Y'}`;
  const cells = new Map<string, Map<string, ReportCell>>();
  for (let i = 0; i < periods.length; i += MONTHS_AT_ONCE) {
    const batch = periods.slice(i, i + MONTHS_AT_ONCE);
    const read = await Promise.all(batch.map((period) => periodCells(session, regionCode, period)));
    for (const [j, period] of batch.entries()) cells.set(key(period), read[j] as Map<string, ReportCell>);
  }
  const at = (period: Period, code: string) => cells.get(key(period))?.get(code) ?? withheld;
  return {
    regionCode,
    regionName: report.regionName,
    level: report.level,
    year,
    indicators: report.indicators.map((indicator) => {
      const definition = INDICATORS.find((d) => d.code === indicator.code);
      const children = definition?.source === 'query' ? [] : report.children;
      return {
        code: indicator.code,
        label: indicator.label,
        labelId: indicator.labelId,
        unit: indicator.unit,
        ...(definition ? { direction: definition.direction } : {}),
        series: years.map((y) => ({
          year: y,
          total: y === year ? cellOf(indicator) : at({ year: y }, indicator.code),
          months: Array.from({ length: 12 }, (_, m) => at({ year: y, month: m + 1 }, indicator.code)),
        })),
        children: children.map((child) => ({
          regionCode: child.regionCode,
          name: child.name,
          value: child.values[indicator.code] ?? withheld,
          target: child.targets[indicator.code] ?? null,
          achievementPct: child.achievementPct[indicator.code] ?? null,
        })),
      };
    }),
  };
}

/** The year's total as the report has it (the report's indicator heads its row with the same cell). */
function cellOf(indicator: ReportIndicator): ReportCell {
  return indicator.suppressed
    ? { value: null, display: indicator.display, suppressed: true }
    : { value: indicator.value, display: indicator.display, suppressed: false };
}
