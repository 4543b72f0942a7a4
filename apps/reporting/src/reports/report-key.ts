import { createHash } from 'node:crypto';
import type { Period } from '@sinergi/contracts';

/** The format version of the coordination report; a new layout is a new version, stored beside the old. */
export const COORDINATION_REPORT_VERSION = 1;

export function periodKey(period: Period): string {
  if (period.month) return `${period.year}-M${String(period.month).padStart(2, '0')}`;
  if (period.quarter) return `${period.year}-Q${period.quarter}`;
  return String(period.year);
}

export function parsePeriodKey(key: string): Period {
  const match = /^(\d{4})(?:-Q([1-4])|-M(\d{2}))?$/.exec(key);
  if (!match) throw new Error(`not a period key: ${key}`);
  return {
    year: Number(match[1]),
    ...(match[2] ? { quarter: Number(match[2]) } : {}),
    ...(match[3] ? { month: Number(match[3]) } : {}),
  };
}

/**
 * A UUID (version 5 layout, SHA-1 of the name) for (kind, region, period, version): the same
 * report always has the same id, which is also its BullMQ job id (no `:` in it).
 */
export function reportId(
  kind: string,
  regionCode: string,
  period: Period,
  version = COORDINATION_REPORT_VERSION,
): string {
  const hash = createHash('sha1')
    .update(`sinergi-report/${kind}/${regionCode}/${periodKey(period)}/v${version}`)
    .digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
