import { createHash } from 'node:crypto';
import { type AnyEvent, regionLevel, regionLineage } from '@sinergi/contracts';
import { monthOf } from './aggregates.js';

/**
 * What one event becomes in reporting's tables, computed without a database: facts (countable
 * things) and rows of the coordination tables. The projection writer (./projection.writer.ts)
 * writes a whole batch of these set-based, in one transaction with the batch's inbox rows.
 */
export type Scalar = string | number | boolean | null;

export interface FactRow {
  /** The id of what was counted (an admission id, ...): a replay or a correction replaces it. */
  id: string;
  indicator: string;
  regionCode: string;
  /** A date, or the date a case was opened (a suspect counts in its case's period). */
  occurredOn: string | { caseOpened: string };
  /** An exact decimal. */
  value: string;
  dims: Record<string, string>;
}

export type ProjectionTable =
  | 'assessment'
  | 'rehab_episode'
  | 'aftercare'
  | 'follow_up'
  | 'vulnerable_area'
  | 'vulnerable_area_level'
  | 'intervention'
  | 'prison_snapshot'
  | 'case_ref'
  | 'suspect_outcome'
  | 'case_court'
  | 'reporting_unit'
  | 'unit_record';

export interface TableRow {
  table: ProjectionTable;
  /** Key properties (camelCase, as the entities name them). */
  key: readonly string[];
  values: Record<string, Scalar>;
  /** `merge`: the given non-null values win and other columns are kept; `keep`: the first row stays. */
  onConflict: 'merge' | 'keep';
}

export interface Projected {
  facts: FactRow[];
  rows: TableRow[];
}

/** Maps one event to its rows. Pure: the same event always gives the same rows. */
export type Projector = (event: AnyEvent) => Projected;

export const nothing = (): Projected => ({ facts: [], rows: [] });

/** The ancestors of a region code by level, for the roll-up columns. */
export function rollupColumns(regionCode: string) {
  const lineage = regionLineage(regionCode).reverse(); // ID, province, regency, district, village
  return {
    provinceCode: lineage[1] ?? regionCode,
    regencyCode: lineage[2] ?? null,
    districtCode: lineage[3] ?? null,
  };
}

export function fact(input: {
  id: string;
  indicator: string;
  regionCode: string;
  occurredOn: FactRow['occurredOn'];
  value?: number | string;
  dims?: Record<string, string | null | undefined>;
}): FactRow {
  const dims: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.dims ?? {})) if (v !== null && v !== undefined) dims[k] = v;
  return {
    id: input.id,
    indicator: input.indicator,
    regionCode: input.regionCode,
    occurredOn: input.occurredOn,
    value: String(input.value ?? 1),
    dims,
  };
}

/** A coordination-table row; `located` adds the region's code and roll-up columns. */
export function row(
  table: ProjectionTable,
  key: readonly string[],
  values: Record<string, Scalar>,
  options: { located?: string; onConflict?: 'merge' | 'keep' } = {},
): TableRow {
  const all: Record<string, Scalar> = { ...values };
  if (options.located) Object.assign(all, { regionCode: options.located, ...rollupColumns(options.located) });
  return { table, key, values: all, onConflict: options.onConflict ?? 'merge' };
}

/**
 * An agency's work in a village, for the multi-agency vulnerable-area indicator. Work recorded
 * above village level is not tied to a village and is left out. A standing presence (an IBM
 * unit) counts from `on` onward; other work only on its day.
 */
export function intervention(
  event: { agency?: string; producer: string },
  input: {
    id: string;
    regionCode: string;
    service: 'prevention' | 'rehab' | 'enforcement';
    on: string;
    standing?: boolean;
  },
): TableRow[] {
  if (regionLevel(input.regionCode) !== 'village') return [];
  return [
    row(
      'intervention',
      ['id'],
      {
        id: input.id,
        villageCode: input.regionCode,
        // The acting institution; an event from before events carried it counts as its service.
        agency: event.agency ?? input.service,
        service: input.service,
        on: input.on,
        standing: input.standing ?? false,
      },
      { onConflict: 'keep' },
    ),
  ];
}

/**
 * A record a reporting unit made, for completeness and timeliness (indicators/completeness.ts):
 * the month it is for and when it was recorded (the event's occurredAt). A replay keeps the first.
 */
export function unitRecord(recordId: string, unitId: string, on: string, recordedAt: string): TableRow {
  return row('unit_record', ['recordId'], { recordId, unitId, month: monthOf(on), recordedAt }, { onConflict: 'keep' });
}

/**
 * The prevention unit of an area (a regency, or what a province recorded itself): prevention's
 * events do not say which unit acted, so each area's prevention work is one unit, with a stable
 * id derived from the area (a name-based UUID, RFC 9562 version 5 layout).
 */
export function preventionUnit(regionCode: string): { unitId: string; area: string } {
  const { regencyCode, provinceCode } = rollupColumns(regionCode);
  const area = regencyCode ?? provinceCode;
  const hex = createHash('sha1').update(`sinergi:prevention-unit:${area}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  const unitId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
  return { unitId, area };
}
