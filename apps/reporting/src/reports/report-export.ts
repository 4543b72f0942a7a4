import { ASSESSMENT_DEADLINE_DAYS, REFERRAL_ADMISSION_DAYS } from '@sinergi/contracts';
import { PageFiles } from '@sinergi/runtime';
import type { Cell, CoordinationReport, ReportIndicator } from './coordination-report.builder.js';

export type Lang = 'id' | 'en';

const TEXT = {
  en: {
    title: 'Coordination report',
    indicator: 'Indicator',
    value: 'Value',
    target: 'Target',
    achievement: 'Achievement',
    region: 'Region',
    children: 'By region',
    generated: 'Generated',
    period: 'Period',
    suppressed:
      '"<5" marks a count of 1–4 and "x" a count hidden so that it cannot be derived; both protect people in treatment.',
    unattributed: 'Recorded at the region itself',
    breakdowns: 'Breakdowns',
    coordination: 'Between agencies',
    coordinationRows: {
      assessmentsRequested: 'Integrated assessments requested',
      assessmentsCompleted: 'Integrated assessments completed',
      turnaroundMedianDays: 'Turnaround, median days',
      turnaroundP90Days: 'Turnaround, 90th percentile days',
      answeredWithinLimitPct: `Answered within ${ASSESSMENT_DEADLINE_DAYS} days (%)`,
      referralAdmissionRatePct: `Referred users admitted within ${REFERRAL_ADMISSION_DAYS} days (%)`,
      aftercareCoveragePct: 'Completed clients followed up by their first due date (%)',
      overdueFollowUps: 'Aftercare clients with an overdue follow-up',
      vulnerableAreas: 'Vulnerable areas',
      vulnerableAreasMultiAgency: 'Vulnerable areas reached by 2 or more agencies',
    },
  },
  id: {
    title: 'Laporan koordinasi',
    indicator: 'Indikator',
    value: 'Nilai',
    target: 'Target',
    achievement: 'Capaian',
    region: 'Wilayah',
    children: 'Per wilayah',
    generated: 'Dibuat',
    period: 'Periode',
    suppressed:
      '"<5" menandai jumlah 1–4 dan "x" jumlah yang disembunyikan agar tidak dapat diturunkan; keduanya melindungi klien rehabilitasi.',
    unattributed: 'Tercatat di wilayah itu sendiri',
    breakdowns: 'Rincian',
    coordination: 'Antarinstansi',
    coordinationRows: {
      assessmentsRequested: 'Asesmen terpadu diminta',
      assessmentsCompleted: 'Asesmen terpadu selesai',
      turnaroundMedianDays: 'Waktu asesmen, median (hari)',
      turnaroundP90Days: 'Waktu asesmen, persentil 90 (hari)',
      answeredWithinLimitPct: `Dijawab dalam ${ASSESSMENT_DEADLINE_DAYS} hari (%)`,
      referralAdmissionRatePct: `Rekomendasi rehab masuk dalam ${REFERRAL_ADMISSION_DAYS} hari (%)`,
      aftercareCoveragePct: 'Klien selesai dipantau sebelum jatuh tempo pertama (%)',
      overdueFollowUps: 'Klien pascarehab terlambat dipantau',
      vulnerableAreas: 'Kawasan rawan',
      vulnerableAreasMultiAgency: 'Kawasan rawan dijangkau ≥ 2 instansi',
    },
  },
} as const;

function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function formatNumber(value: number | null, lang: Lang): string {
  return value === null ? '' : new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-US').format(value);
}

function shown(cell: { value: number | null; display: string }, lang: Lang): string {
  return cell.value === null ? cell.display : formatNumber(cell.value, lang);
}

function periodLabel(report: CoordinationReport): string {
  return report.periodKey;
}

function label(indicator: ReportIndicator, lang: Lang): string {
  return lang === 'id' ? indicator.labelId : indicator.label;
}

/**
 * The CSV's columns: one long table, a row per figure. The first eight are those of the
 * export before sections existed (a total per region and indicator), so a reader of those
 * columns reads the same thing; `section` says which part of the report a row comes from
 * (docs/domain.md, "Exports").
 */
export const CSV_COLUMNS = [
  'region_code',
  'region_name',
  'period',
  'indicator',
  'value',
  'suppressed',
  'target',
  'achievement_pct',
  'section',
  'dimension',
  'key',
  'display',
  'unit',
] as const;

type CsvValue = string | number | boolean | null;
type CsvRow = Record<(typeof CSV_COLUMNS)[number], CsvValue>;

/**
 * One figure as the report publishes it: a hidden cell has no value, so `value` carries its
 * display (`<5`, `x`, `–`) as the export always has, and its achievement is left empty.
 */
function figure(cell: { value: number | null; display: string; suppressed: boolean }, achievementPct: number | null) {
  return {
    value: cell.value === null ? cell.display : cell.value,
    suppressed: cell.suppressed,
    display: cell.display,
    achievement_pct: cell.suppressed ? null : achievementPct,
  };
}

const shownCell = (value: number) => ({ value, display: String(value), suppressed: false });

function csvRows(report: CoordinationReport): CsvRow[] {
  const own = { region_code: report.regionCode, region_name: report.regionName, period: report.periodKey };
  const blank = { target: null, achievement_pct: null, dimension: null, key: null };
  const unitOf = new Map<string, string>(report.indicators.map((i) => [i.code, i.unit]));
  const rows: CsvRow[] = [];
  for (const i of report.indicators) {
    rows.push({
      ...own,
      ...blank,
      indicator: i.code,
      section: 'indicator',
      target: i.target,
      unit: i.unit,
      ...figure(i, i.achievementPct),
    });
  }
  for (const i of report.indicators) {
    for (const [dimension, cells] of Object.entries(i.breakdowns)) {
      for (const [key, cell] of Object.entries(cells)) {
        rows.push({
          ...own,
          ...blank,
          indicator: i.code,
          section: 'breakdown',
          dimension,
          key,
          unit: i.unit,
          ...figure(cell, null),
        });
      }
    }
  }
  for (const child of report.children) {
    for (const [code, cell] of Object.entries(child.values)) {
      rows.push({
        ...blank,
        region_code: child.regionCode,
        region_name: child.name,
        period: report.periodKey,
        indicator: code,
        section: 'child',
        target: child.targets[code] ?? null,
        unit: unitOf.get(code) ?? null,
        ...figure(cell, child.achievementPct[code] ?? null),
      });
    }
  }
  for (const [code, cell] of Object.entries(report.unattributed)) {
    rows.push({
      ...own,
      ...blank,
      indicator: code,
      section: 'unattributed',
      unit: unitOf.get(code) ?? null,
      ...figure(cell, null),
    });
  }
  // The coordination section: an empty figure is one not published at this grain (or with
  // nothing to measure), shown "–" as the report shows it.
  for (const [key, value] of Object.entries(report.coordination)) {
    const cell = value === null ? { value: null, display: '–', suppressed: true } : shownCell(value);
    rows.push({ ...own, ...blank, indicator: null, section: 'coordination', key, unit: null, ...figure(cell, null) });
  }
  for (const correction of report.lateCorrections ?? []) {
    for (const key of ['frozen', 'live', 'delta'] as const) {
      rows.push({
        ...own,
        ...blank,
        indicator: correction.code,
        section: 'late_correction',
        key,
        unit: unitOf.get(correction.code) ?? null,
        ...figure(shownCell(correction[key]), null),
      });
    }
  }
  if (report.approval) {
    const approval = { ...own, ...blank, indicator: null, section: 'approval', unit: null, suppressed: false };
    rows.push({ ...approval, key: 'frozen_version', ...figure(shownCell(report.approval.frozenVersion), null) });
    rows.push({ ...approval, key: 'approved_at', value: null, display: report.approval.approvedAt });
  }
  return rows;
}

/** CSV for spreadsheets: every section and breakdown of the report, each hidden cell as its display. */
export function reportToCsv(report: CoordinationReport): string {
  const lines = [
    CSV_COLUMNS.join(','),
    ...csvRows(report).map((row) => CSV_COLUMNS.map((column) => csvField(row[column])).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

/** The HTML export's template, apps/reporting/templates/report.html: every value escaped (PageFiles). */
const reportTemplate = new PageFiles(new URL('../../', import.meta.url)).template<ReportView>('templates/report.html');

interface AchievementChart {
  width: number;
  height: number;
  rows: Array<{
    label: string;
    y: number;
    labelY: number;
    barX: number;
    barWidth: string;
    colour: string;
    pct: number;
    pctShown: string;
    valueX: number;
    valueY: number;
  }>;
  hundredX: number;
  hundredLabelX: number;
  hundredLabelY: number;
}

/** Horizontal bars of achievement against target (100 % marked), drawn as SVG by the template. */
function achievementChart(indicators: ReportIndicator[], lang: Lang): AchievementChart | null {
  const withTarget = indicators.filter((i) => i.achievementPct !== null);
  if (withTarget.length === 0) return null;
  const rowHeight = 28;
  const width = 640;
  const labelWidth = 260;
  const scale = (width - labelWidth - 80) / Math.max(150, ...withTarget.map((i) => i.achievementPct ?? 0));
  const height = withTarget.length * rowHeight + 20;
  const hundredX = labelWidth + 100 * scale;
  return {
    width,
    height,
    rows: withTarget.map((indicator, i) => {
      const y = i * rowHeight + 10;
      const pct = indicator.achievementPct ?? 0;
      return {
        label: label(indicator, lang),
        y,
        labelY: y + 15,
        barX: labelWidth,
        barWidth: (pct * scale).toFixed(1),
        colour: pct >= 100 ? '#2e7d32' : pct >= 75 ? '#f9a825' : '#c62828',
        pct,
        pctShown: formatNumber(pct, lang),
        valueX: labelWidth + pct * scale + 6,
        valueY: y + 14,
      };
    }),
    hundredX,
    hundredLabelX: hundredX + 3,
    hundredLabelY: height - 2,
  };
}

interface ChildrenChart {
  label: string;
  width: number;
  height: number;
  bars: Array<{ name: string; textY: number; barY: number; barWidth: string; valueX: number; value: number }>;
}

/** Bars of one indicator across the child regions (the first 40 with a published count above 0). */
function childrenChart(report: CoordinationReport, indicator: ReportIndicator, lang: Lang): ChildrenChart | null {
  const rows = report.children
    .map((row) => ({ name: row.name, value: row.values[indicator.code]?.value ?? 0 }))
    .filter((r) => r.value > 0)
    .slice(0, 40);
  if (rows.length === 0) return null;
  const max = Math.max(...rows.map((r) => r.value));
  const width = 640;
  return {
    label: label(indicator, lang),
    width,
    height: rows.length * 20 + 10,
    bars: rows.map((r, i) => {
      const w = (r.value / max) * (width - 300);
      return {
        name: r.name,
        textY: i * 20 + 14,
        barY: i * 20 + 3,
        barWidth: w.toFixed(1),
        valueX: 226 + w,
        value: r.value,
      };
    }),
  };
}

const cellShown = (cell: Cell | undefined, lang: Lang) => (cell ? shown(cell, lang) : '');

/** What the template shows, every figure already formatted for the language. */
type ReportView = ReturnType<typeof reportView>;

function reportView(report: CoordinationReport, lang: Lang) {
  const t = TEXT[lang];
  const codes = report.indicators.map((i) => i.code);
  const first = report.indicators[0];
  return {
    lang,
    t,
    regionName: report.regionName,
    regionCode: report.regionCode,
    periodKey: periodLabel(report),
    generatedAt: report.generatedAt,
    indicators: report.indicators.map((i) => ({
      code: i.code,
      label: label(i, lang),
      value: `${shown(i, lang)}${i.value !== null && i.unit === 'percent' ? ' %' : ''}`,
      target: i.target === null ? '' : formatNumber(i.target, lang),
      achievement: i.achievementPct === null ? '' : `${formatNumber(Math.round(i.achievementPct), lang)} %`,
    })),
    achievementChart: achievementChart(report.indicators, lang),
    coordination: Object.entries(report.coordination ?? {}).map(([key, value]) => ({
      key,
      label: t.coordinationRows[key as keyof typeof t.coordinationRows] ?? key,
      value: value === null ? '–' : formatNumber(value as number, lang),
    })),
    breakdowns: report.indicators
      .map((i) => ({
        label: label(i, lang),
        dims: Object.entries(i.breakdowns)
          .filter(([, cells]) => Object.keys(cells).length > 0)
          .map(([dim, cells]) => ({
            dim,
            cells: Object.entries(cells)
              .map(([k, c]) => `${k}: ${shown(c, lang)}`)
              .join(' · '),
          })),
      }))
      .filter((b) => b.dims.length > 0),
    childrenChart: first ? childrenChart(report, first, lang) : null,
    columns: report.indicators.map((i) => label(i, lang)),
    children: report.children.map((row) => ({
      regionCode: row.regionCode,
      name: row.name,
      cells: codes.map((c) => cellShown(row.values[c], lang)),
    })),
    unattributed:
      Object.keys(report.unattributed).length > 0
        ? { cells: codes.map((c) => cellShown(report.unattributed[c], lang)) }
        : null,
  };
}

/** A self-contained page (no external assets): summary, achievement chart, breakdowns, child regions. */
export function reportToHtml(report: CoordinationReport, lang: Lang): string {
  return reportTemplate(reportView(report, lang));
}
