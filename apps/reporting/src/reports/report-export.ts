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
      answeredWithinLimitPct: 'Answered within 6 days (%)',
      referralAdmissionRatePct: 'Referred users admitted within 14 days (%)',
      aftercareCoveragePct: 'Completed clients followed up within 30 days (%)',
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
      answeredWithinLimitPct: 'Dijawab dalam 6 hari (%)',
      referralAdmissionRatePct: 'Rekomendasi rehab masuk dalam 14 hari (%)',
      aftercareCoveragePct: 'Klien selesai dipantau dalam 30 hari (%)',
      overdueFollowUps: 'Klien pascarehab terlambat dipantau',
      vulnerableAreas: 'Kawasan rawan',
      vulnerableAreasMultiAgency: 'Kawasan rawan dijangkau ≥ 2 instansi',
    },
  },
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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

/** CSV for spreadsheets: one row per region and indicator, the report's own region first. */
export function reportToCsv(report: CoordinationReport): string {
  const lines = [
    ['region_code', 'region_name', 'period', 'indicator', 'value', 'suppressed', 'target', 'achievement_pct'].join(','),
  ];
  for (const indicator of report.indicators) {
    lines.push(
      [
        report.regionCode,
        report.regionName,
        report.periodKey,
        indicator.code,
        indicator.value === null ? indicator.display : indicator.value,
        indicator.suppressed,
        indicator.target,
        indicator.achievementPct,
      ]
        .map(csvField)
        .join(','),
    );
  }
  for (const row of report.children) {
    for (const [code, cell] of Object.entries(row.values)) {
      lines.push(
        [
          row.regionCode,
          row.name,
          report.periodKey,
          code,
          cell.value === null ? cell.display : cell.value,
          cell.suppressed,
          null,
          null,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Horizontal bars of achievement against target (100 % marked), as inline SVG. */
function achievementChart(indicators: ReportIndicator[], lang: Lang): string {
  const withTarget = indicators.filter((i) => i.achievementPct !== null);
  if (withTarget.length === 0) return '';
  const rowHeight = 28;
  const width = 640;
  const labelWidth = 260;
  const scale = (width - labelWidth - 80) / Math.max(150, ...withTarget.map((i) => i.achievementPct ?? 0));
  const rows = withTarget
    .map((indicator, i) => {
      const y = i * rowHeight + 10;
      const pct = indicator.achievementPct ?? 0;
      const colour = pct >= 100 ? '#2e7d32' : pct >= 75 ? '#f9a825' : '#c62828';
      return `<text x="0" y="${y + 15}" font-size="12">${escapeHtml(label(indicator, lang))}</text>
<rect x="${labelWidth}" y="${y}" width="${(pct * scale).toFixed(1)}" height="18" fill="${colour}"><title>${pct} %</title></rect>
<text x="${labelWidth + pct * scale + 6}" y="${y + 14}" font-size="12">${formatNumber(pct, lang)} %</text>`;
    })
    .join('\n');
  const hundred = labelWidth + 100 * scale;
  const height = withTarget.length * rowHeight + 20;
  return `<svg role="img" aria-label="achievement" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
${rows}
<line x1="${hundred}" y1="0" x2="${hundred}" y2="${height}" stroke="#333" stroke-dasharray="4 3"/>
<text x="${hundred + 3}" y="${height - 2}" font-size="10">100 %</text>
</svg>`;
}

/** Bars of one indicator across the child regions. */
function childrenChart(report: CoordinationReport, code: string): string {
  const rows = report.children
    .map((row) => ({ name: row.name, cell: row.values[code] as Cell | undefined }))
    .filter((r) => r.cell && (r.cell.value ?? 0) > 0)
    .slice(0, 40);
  if (rows.length === 0) return '';
  const max = Math.max(...rows.map((r) => r.cell?.value ?? 0));
  const width = 640;
  const height = rows.length * 20 + 10;
  const bars = rows
    .map((r, i) => {
      const w = ((r.cell?.value ?? 0) / max) * (width - 300);
      return `<text x="0" y="${i * 20 + 14}" font-size="11">${escapeHtml(r.name)}</text><rect x="220" y="${i * 20 + 3}" width="${w.toFixed(1)}" height="14" fill="#1565c0"/><text x="${226 + w}" y="${i * 20 + 14}" font-size="11">${r.cell?.value}</text>`;
    })
    .join('\n');
  return `<svg role="img" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

/** A self-contained page (no external assets): summary, achievement chart, breakdowns, child regions. */
export function reportToHtml(report: CoordinationReport, lang: Lang): string {
  const t = TEXT[lang];
  const indicatorRows = report.indicators
    .map(
      (
        i,
      ) => `<tr data-indicator="${i.code}"><td>${escapeHtml(label(i, lang))}</td><td class="num">${shown(i, lang)}${i.value !== null && i.unit === 'percent' ? ' %' : ''}</td>
<td class="num">${i.target === null ? '' : formatNumber(i.target, lang)}</td>
<td class="num">${i.achievementPct === null ? '' : `${formatNumber(Math.round(i.achievementPct), lang)} %`}</td></tr>`,
    )
    .join('\n');
  const breakdowns = report.indicators
    .filter((i) => Object.values(i.breakdowns).some((d) => Object.keys(d).length > 0))
    .map((i) => {
      const dims = Object.entries(i.breakdowns)
        .filter(([, cells]) => Object.keys(cells).length > 0)
        .map(
          ([dim, cells]) =>
            `<tr><th>${escapeHtml(dim)}</th><td>${Object.entries(cells)
              .map(([k, c]) => `${escapeHtml(k)}: ${shown(c, lang)}`)
              .join(' · ')}</td></tr>`,
        )
        .join('');
      return `<h3>${escapeHtml(label(i, lang))}</h3><table class="dims">${dims}</table>`;
    })
    .join('\n');
  const codes = report.indicators.map((i) => i.code);
  const head = report.indicators.map((i) => `<th>${escapeHtml(label(i, lang))}</th>`).join('');
  const childRows = report.children
    .map(
      (row) =>
        `<tr data-region="${row.regionCode}"><td>${escapeHtml(row.name)} <small>${row.regionCode}</small></td>${codes
          .map((c) => `<td class="num">${row.values[c] ? shown(row.values[c] as Cell, lang) : ''}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const unattributed = Object.keys(report.unattributed).length
    ? `<tr><td><em>${t.unattributed}</em></td>${codes
        .map((c) => `<td class="num">${report.unattributed[c] ? shown(report.unattributed[c] as Cell, lang) : ''}</td>`)
        .join('')}</tr>`
    : '';
  const firstCode = codes[0];
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${t.title} — ${escapeHtml(report.regionName)} ${periodLabel(report)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}small{color:#777}h1{margin-bottom:0}.meta{color:#555}
</style></head>
<body>
<h1>${t.title}: ${escapeHtml(report.regionName)}</h1>
<p class="meta">${t.region}: ${report.regionCode} · ${t.period}: <strong>${periodLabel(report)}</strong> · ${t.generated}: ${report.generatedAt}</p>
<table id="indicators"><thead><tr><th>${t.indicator}</th><th>${t.value}</th><th>${t.target}</th><th>${t.achievement}</th></tr></thead>
<tbody>${indicatorRows}</tbody></table>
${achievementChart(report.indicators, lang)}
<h2>${t.coordination}</h2>
<table id="coordination">${Object.entries(report.coordination ?? {})
    .map(
      ([key, value]) =>
        `<tr data-key="${key}"><td>${t.coordinationRows[key as keyof typeof t.coordinationRows] ?? key}</td><td class="num">${value === null ? '–' : formatNumber(value as number, lang)}</td></tr>`,
    )
    .join('')}</table>
<h2>${t.breakdowns}</h2>
${breakdowns}
<h2>${t.children}</h2>
${firstCode ? childrenChart(report, firstCode) : ''}
<table id="children"><thead><tr><th>${t.region}</th>${head}</tr></thead><tbody>${childRows}${unattributed}</tbody></table>
<p class="meta">${t.suppressed}</p>
</body></html>
`;
}
