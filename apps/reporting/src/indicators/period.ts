import type { Period } from '@sinergi/contracts';

/** The half-open date range `[from, to)` a period covers, as `YYYY-MM-DD`. */
export function periodRange(period: Period): { from: string; to: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const { year } = period;
  if (period.month) {
    const next = period.month === 12 ? `${year + 1}-01-01` : `${year}-${pad(period.month + 1)}-01`;
    return { from: `${year}-${pad(period.month)}-01`, to: next };
  }
  if (period.quarter) {
    const startMonth = (period.quarter - 1) * 3 + 1;
    const next = period.quarter === 4 ? `${year + 1}-01-01` : `${year}-${pad(startMonth + 3)}-01`;
    return { from: `${year}-${pad(startMonth)}-01`, to: next };
  }
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}
