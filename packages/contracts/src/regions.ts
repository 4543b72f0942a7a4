import { z } from 'zod';

/**
 * Kemendagri region codes: province `31`, regency/city `31.72`, district `31.72.01`,
 * village `31.72.01.1001`; `ID` is the nation. The hierarchy is in the code itself,
 * so scope and roll-up need no lookup table.
 */
export const NATIONAL_REGION = 'ID';

export const REGION_LEVELS = ['national', 'province', 'regency', 'district', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

const REGION_CODE_PATTERN = /^(ID|\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)$/;

/** The longest code, a village's `31.72.01.1001`. */
export const REGION_CODE_LENGTH = 13;

export const regionCodeSchema = z
  .string()
  .max(REGION_CODE_LENGTH)
  .regex(REGION_CODE_PATTERN, 'must be a Kemendagri region code such as 31, 31.72, 31.72.01 or 31.72.01.1001, or ID');

export const villageCodeSchema = z
  .string()
  .max(REGION_CODE_LENGTH)
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'must be a village code such as 31.72.01.1001');

export function isRegionCode(code: string): boolean {
  return REGION_CODE_PATTERN.test(code);
}

export function regionLevel(code: string): RegionLevel {
  if (code === NATIONAL_REGION) return 'national';
  const level = REGION_LEVELS[code.split('.').length];
  if (!level) throw new Error(`not a region code: ${code}`);
  return level;
}

/** The parent's code, or undefined for the nation. */
export function parentRegion(code: string): string | undefined {
  if (code === NATIONAL_REGION) return undefined;
  const parts = code.split('.');
  return parts.length === 1 ? NATIONAL_REGION : parts.slice(0, -1).join('.');
}

/** The code itself and every ancestor up to `ID`, nearest first. */
export function regionLineage(code: string): string[] {
  const lineage: string[] = [];
  for (let current: string | undefined = code; current; current = parentRegion(current)) lineage.push(current);
  return lineage;
}

/** True when `code` is `scope` or lies below it: an officer of 31.72 sees 31.72.01.1001. */
export function isWithinRegion(code: string, scope: string): boolean {
  return scope === NATIONAL_REGION || code === scope || code.startsWith(`${scope}.`);
}
