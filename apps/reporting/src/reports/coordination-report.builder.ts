import { Injectable } from '@nestjs/common';
import { type Period, type RegionLevel, regionLevel } from '@sinergi/contracts';
import { RegionDirectory } from '@sinergi/runtime';
import { INDICATORS, type IndicatorDefinition } from '../indicators/catalogue.js';
import { IndicatorQuery } from '../indicators/indicator.query.js';
import { achievementPct } from '../targets/achievement.js';
import { COORDINATION_REPORT_VERSION, periodKey } from './report-key.js';
import { type CellState, suppressGroup } from './suppression.js';

/** A published number: `value` is null where it was suppressed, and `display` says how to show it. */
export interface Cell {
  value: number | null;
  display: string;
  suppressed: boolean;
}

export interface ReportIndicator {
  code: string;
  label: string;
  labelId: string;
  unit: string;
  value: number | null;
  display: string;
  suppressed: boolean;
  target: number | null;
  achievementPct: number | null;
  breakdowns: Record<string, Record<string, Cell>>;
}

export interface ReportChildRow {
  regionCode: string;
  name: string;
  values: Record<string, Cell>;
}

export interface CoordinationReport {
  kind: 'coordination';
  version: number;
  regionCode: string;
  regionName: string;
  level: RegionLevel;
  period: Period;
  periodKey: string;
  generatedAt: string;
  indicators: ReportIndicator[];
  children: ReportChildRow[];
  /** Counts recorded at the region itself rather than in one of its children. */
  unattributed: Record<string, Cell>;
  /** What happened between agencies (DOMAIN.md, "Cross-agency flows"). */
  coordination: CoordinationSection;
}

export interface CoordinationSection {
  assessmentsRequested: number | null;
  assessmentsCompleted: number | null;
  turnaroundMedianDays: number | null;
  turnaroundP90Days: number | null;
  answeredWithinLimitPct: number | null;
  referralAdmissionRatePct: number | null;
  aftercareCoveragePct: number | null;
  overdueFollowUps: number | null;
  vulnerableAreas: number | null;
  vulnerableAreasMultiAgency: number | null;
}

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

const BELOW_PROVINCE: RegionLevel[] = ['regency', 'district', 'village'];

function cell(value: number, state: CellState = 'visible'): Cell {
  if (state === 'visible') return { value, display: String(value), suppressed: false };
  return { value: null, display: state === 'primary' ? '<5' : 'x', suppressed: true };
}

function needsSuppression(definition: IndicatorDefinition, level: RegionLevel): boolean {
  return definition.sensitive && BELOW_PROVINCE.includes(level);
}

/**
 * Builds the coordination report of one region and period from the projections: its
 * indicators with targets and achievement, one row per child region, and small-cell
 * suppression of treatment counts below province level.
 */
@Injectable()
export class CoordinationReportBuilder {
  constructor(
    private readonly query: IndicatorQuery,
    private readonly regions: RegionDirectory,
  ) {}

  async build(regionCode: string, period: Period, progress: (pct: number) => Promise<void> = async () => {}) {
    const region = this.regions.get(regionCode);
    if (!region) throw new Error(`unknown region ${regionCode}`);
    const level = regionLevel(regionCode);
    const raw = await this.query.raw(regionCode, period);
    await progress(30);
    const byChild = await this.query.byChild(regionCode, period);
    await progress(60);
    const targets = !period.quarter && !period.month ? await this.query.targets(regionCode, period.year) : new Map();
    await progress(80);

    const children = this.regions.childrenOf(regionCode);
    const childLevel: RegionLevel | undefined = children[0]?.level;
    const rows: ReportChildRow[] = children.map((child) => ({ regionCode: child.code, name: child.name, values: {} }));
    const unattributed: Record<string, Cell> = {};
    const indicators: ReportIndicator[] = [];

    for (const definition of INDICATORS) {
      const entry = raw.get(definition.code);
      if (definition.source === 'query') {
        // Rates and medians of the region itself: no child rows, nothing to suppress.
        const target = targets.get(definition.code) ?? null;
        const value = entry?.value ?? null;
        indicators.push({
          code: definition.code,
          label: definition.label,
          labelId: definition.labelId,
          unit: definition.unit,
          value,
          display: value === null ? '–' : String(value),
          suppressed: false,
          target,
          achievementPct: achievementPct(value, target),
          breakdowns: Object.fromEntries(
            Object.entries(entry?.breakdowns ?? {}).map(([dim, cells]) => [
              dim,
              Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, cell(v)])),
            ]),
          ),
        });
        continue;
      }
      const total = entry?.value ?? 0;
      const ownSuppressed = needsSuppression(definition, level) && total >= 1 && total <= 4;

      // Children and the part recorded at the region itself add up to the region's total.
      const parts = children.map((child) => byChild.get(child.code)?.get(definition.code) ?? 0);
      const remainder = total - parts.reduce((a, b) => a + b, 0);
      const childStates: CellState[] =
        childLevel && needsSuppression(definition, childLevel)
          ? suppressGroup([...parts, remainder], !ownSuppressed).cells
          : [...parts, remainder].map(() => 'visible' as const);
      const totalHiddenByChildren =
        childLevel && needsSuppression(definition, childLevel) && !ownSuppressed
          ? suppressGroup([...parts, remainder], true).totalHidden
          : false;
      parts.forEach((value, i) => {
        (rows[i] as ReportChildRow).values[definition.code] = cell(value, childStates[i]);
      });
      if (remainder !== 0) unattributed[definition.code] = cell(remainder, childStates[parts.length]);

      const hideTotal = ownSuppressed || totalHiddenByChildren;
      const breakdowns: Record<string, Record<string, Cell>> = {};
      for (const [dim, values] of Object.entries(entry?.breakdowns ?? {})) {
        const keys = Object.keys(values).sort();
        const counts = keys.map((k) => values[k] ?? 0);
        const states = needsSuppression(definition, level)
          ? suppressGroup(counts, !hideTotal).cells
          : counts.map(() => 'visible' as const);
        breakdowns[dim] = Object.fromEntries(keys.map((k, i) => [k, cell(counts[i] ?? 0, states[i])]));
      }

      const target = targets.get(definition.code) ?? null;
      const totalCell = cell(total, hideTotal ? (ownSuppressed ? 'primary' : 'complementary') : 'visible');
      indicators.push({
        code: definition.code,
        label: definition.label,
        labelId: definition.labelId,
        unit: definition.unit,
        ...totalCell,
        target,
        achievementPct: hideTotal ? null : achievementPct(total, target),
        breakdowns,
      });
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
    };
    await progress(95);
    return report;
  }
}
