import { Injectable } from '@nestjs/common';
import {
  type CoordinationReport,
  type CoordinationSection,
  type Period,
  type ReportCell as Cell,
  type ReportChildRow,
  type ReportIndicator,
  regionLevel,
} from '@sinergi/contracts';
import { RegionDirectory } from '@sinergi/runtime';
import { INDICATORS } from '../indicators/catalogue.js';
import { IndicatorQuery } from '../indicators/indicator.query.js';
import { PeriodSnapshots } from '../indicators/period-snapshot.js';
import { hiddenDisplay } from '../publication/protect.js';
import { type CellState, PublicationLayer } from '../publication/publication.js';
import { achievementPct } from '../targets/achievement.js';
import { COORDINATION_REPORT_VERSION, periodKey } from './report-key.js';

/**
 * The report's shapes are the contract's (packages/contracts/src/reporting.ts): what is built
 * here is what the gateway lets through. Re-exported under the names the report's readers use.
 */
export type { Cell, CoordinationReport, CoordinationSection, ReportChildRow, ReportIndicator };

function coordinationSection(indicators: ReportIndicator[]): CoordinationSection {
  const value = (code: string) => indicators.find((i) => i.code === code)?.value ?? null;
  const p90 = indicators.find((i) => i.code === 'coordination.assessment_turnaround_days')?.breakdowns.stat?.p90;
  return {
    assessmentsRequested: value('coordination.assessments_requested'),
    assessmentsCompleted: value('coordination.assessments_completed'),
    turnaroundMedianDays: value('coordination.assessment_turnaround_days'),
    turnaroundP90Days: p90?.value ?? null,
    answeredWithinLimitPct: value('coordination.assessments_within_limit_pct'),
    referralAdmissionRatePct: value('coordination.referral_admission_rate'),
    aftercareCoveragePct: value('rehab.aftercare_coverage'),
    overdueFollowUps: value('coordination.overdue_follow_ups'),
    vulnerableAreas: value('prevention.vulnerable_areas'),
    vulnerableAreasMultiAgency: value('coordination.vulnerable_areas_multi_agency'),
  };
}

/** How a figure is shown in a report: its value, "<5", "x", or "–" (not published at this grain). */
function cell(value: number | null, state: CellState = 'visible'): Cell {
  if (state === 'visible') return value === null ? withheld : { value, display: String(value), suppressed: false };
  if (state === 'withheld') return withheld;
  return { value: null, display: hiddenDisplay(state), suppressed: true };
}
const withheld: Cell = { value: null, display: '–', suppressed: true };

/**
 * Builds the coordination report of one region and period from the aggregates: its indicators
 * with targets and achievement, one row per child region with its own target and achievement,
 * every figure as the publication layer publishes it (treatment counts protected below province
 * level, the same cell hidden in every view).
 */
@Injectable()
export class CoordinationReportBuilder {
  constructor(
    private readonly query: IndicatorQuery,
    private readonly regions: RegionDirectory,
    private readonly publication: PublicationLayer,
    private readonly snapshots: PeriodSnapshots,
  ) {}

  /**
   * `inSet`: the report is one of a set of the same period (the scheduled reports of every
   * region), whose sums are read once for all of them where the year is quiet (PeriodSnapshots).
   */
  async build(
    regionCode: string,
    period: Period,
    progress: (pct: number) => Promise<void> = async () => {},
    { inSet = false }: { inSet?: boolean } = {},
  ) {
    const region = this.regions.get(regionCode);
    if (!region) throw new Error(`unknown region ${regionCode}`);
    const level = regionLevel(regionCode);
    const figures = inSet ? await this.snapshots.figuresFor(period, this.query.factCodes) : undefined;
    const raw = await this.query.raw(regionCode, period, figures);
    await progress(30);
    const byChild = await this.query.byChild(regionCode, period, figures);
    await progress(60);
    const children = this.regions.childrenOf(regionCode);
    const yearly = !period.quarter && !period.month;
    // The region's own targets and its children's, in one read (targets are yearly).
    const allTargets = yearly
      ? await this.query.targetsOf([regionCode, ...children.map((c) => c.code)], period.year)
      : new Map<string, Map<string, number>>();
    const targets = allTargets.get(regionCode) ?? new Map<string, number>();
    const references = await this.query.references(regionCode, period.year);
    await progress(80);

    const rows: ReportChildRow[] = children.map((child) => ({
      regionCode: child.code,
      name: child.name,
      values: {},
      targets: {},
      achievementPct: {},
    }));
    const unattributed: Record<string, Cell> = {};
    const indicators: ReportIndicator[] = [];
    const publication = this.publication.session();

    for (const definition of INDICATORS) {
      const entry = raw.get(definition.code);
      const target = targets.get(definition.code) ?? null;
      const published = await publication.indicator(definition, regionCode, period, {
        value: entry?.value ?? null,
        breakdowns: entry?.breakdowns ?? {},
      });
      const totalCell = cell(definition.perUnit ? null : (entry?.value ?? null), published.state);
      const breakdowns: Record<string, Record<string, Cell>> = {};
      for (const [dim, keys] of Object.entries(entry?.breakdowns ?? {})) {
        const shown = published.breakdowns[dim];
        if (!shown) continue; // withheld at this grain
        const hidden = published.hidden[dim] ?? {};
        breakdowns[dim] = Object.fromEntries(
          [...new Set([...Object.keys(keys), ...Object.keys(hidden)])]
            .sort()
            .map((k) => [k, hidden[k] ? cell(keys[k] ?? 0, hidden[k]) : cell(shown[k] ?? 0)]),
        );
      }
      indicators.push({
        code: definition.code,
        label: definition.label,
        labelId: definition.labelId,
        unit: definition.unit,
        ...totalCell,
        target,
        achievementPct: totalCell.suppressed ? null : achievementPct(totalCell.value, target, definition.direction),
        breakdowns,
        ...(entry?.note && published.state === 'visible' ? { note: entry.note } : {}),
      });

      if (definition.source === 'query') continue; // rates and medians of the region itself: no child rows
      const view = await publication.view(definition.code, regionCode, period);
      const parts = children.map((child) => byChild.get(child.code)?.get(definition.code) ?? 0);
      parts.forEach((value, i) => {
        const row = rows[i] as ReportChildRow;
        const state = definition.perUnit ? 'withheld' : (view.state(row.regionCode) as CellState);
        const shown = cell(value, state);
        row.values[definition.code] = shown;
        const childTarget = allTargets.get(row.regionCode)?.get(definition.code);
        if (childTarget !== undefined) {
          row.targets[definition.code] = childTarget;
          row.achievementPct[definition.code] = shown.suppressed
            ? null
            : achievementPct(shown.value, childTarget, definition.direction);
        }
      });
      const remainder = (entry?.value ?? 0) - parts.reduce((a, b) => a + b, 0);
      // What a region recorded itself is never published for treatment counts below the nation.
      if (remainder !== 0) {
        unattributed[definition.code] =
          definition.perUnit || (definition.sensitive && level !== 'national') ? withheld : cell(remainder);
      }
    }

    const report: CoordinationReport = {
      kind: 'coordination',
      version: COORDINATION_REPORT_VERSION,
      regionCode,
      regionName: region.name,
      level,
      period,
      periodKey: periodKey(period),
      generatedAt: new Date().toISOString(),
      indicators,
      children: rows,
      unattributed,
      coordination: coordinationSection(indicators),
      // The survey figures the live ones stand beside (each names its year and source).
      references,
    };
    await progress(95);
    return report;
  }
}
