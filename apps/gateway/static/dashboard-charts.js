/**
 * The dashboard's trend charts, drawn by Chart.js: an indicator's months, this year against the
 * last, where its months are published; where they are not (a regency's or district's months,
 * docs/security.md "Published figures"), the two years' totals. A hidden figure is a gap, never
 * a number. Each chart is an image with a name for screen readers, and its figures are also a
 * table beside it, so nothing is only in the picture.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

/** This year in a dark blue, solid; last year in a dark grey, dashed: told apart without colour too. */
const THIS_YEAR = '#0b5cad';
const LAST_YEAR = '#4b5563';

const charts = new Set();

/** Destroys the charts of the previous region before new ones are drawn. */
export function clearCharts() {
  for (const chart of charts) chart.destroy();
  charts.clear();
}

const cellValue = (cell) => (cell && !cell.suppressed ? cell.value : null);

/** Whether any month of the series is published (else the chart shows the years' totals). */
export function hasMonths(series) {
  return series.some((s) => s.months.some((cell) => !cell.suppressed));
}

/** Draws one indicator's chart on `canvas`; `text` is the page's language. */
export function drawTrend(canvas, series, text) {
  const [previous, current] = series.length === 2 ? series : [undefined, series[0]];
  const base = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { labels: { boxWidth: 14, color: '#1b1f24' } } },
    scales: {
      x: { ticks: { color: '#1b1f24' }, grid: { display: false } },
      y: { beginAtZero: true, ticks: { color: '#1b1f24', precision: 0 } },
    },
  };
  const chart = hasMonths(series)
    ? new Chart(canvas, {
        type: 'line',
        data: {
          labels: text.months,
          datasets: [
            ...(previous
              ? [
                  {
                    label: String(previous.year),
                    data: previous.months.map(cellValue),
                    borderColor: LAST_YEAR,
                    backgroundColor: LAST_YEAR,
                    borderDash: [6, 4],
                    pointStyle: 'rect',
                    spanGaps: false,
                  },
                ]
              : []),
            {
              label: String(current.year),
              data: current.months.map(cellValue),
              borderColor: THIS_YEAR,
              backgroundColor: THIS_YEAR,
              borderWidth: 3,
              spanGaps: false,
            },
          ],
        },
        options: base,
      })
    : new Chart(canvas, {
        type: 'bar',
        data: {
          labels: series.map((s) => String(s.year)),
          datasets: [
            {
              label: text.total,
              data: series.map((s) => cellValue(s.total)),
              backgroundColor: series.map((s) => (s === current ? THIS_YEAR : LAST_YEAR)),
            },
          ],
        },
        options: { ...base, plugins: { legend: { display: false } } },
      });
  charts.add(chart);
  return chart;
}
