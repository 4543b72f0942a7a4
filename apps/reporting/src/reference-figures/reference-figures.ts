import type { EntityManager } from '@mikro-orm/postgresql';
import { REFERENCE_FIGURE_KINDS, type ReferenceFigure, type ReferenceFigureKind } from '@sinergi/contracts';

export interface ReferenceFigureRow {
  region_code: string;
  year: number;
  kind: string;
  value: string;
  source: string;
  recorded_at: Date;
}

const COLUMNS = 'region_code, year, kind, value, source, recorded_at';

/** A stored row as the contract answers it (never who recorded it). */
export function referenceFigureOf(row: ReferenceFigureRow): ReferenceFigure {
  return {
    regionCode: row.region_code,
    year: Number(row.year),
    kind: row.kind as ReferenceFigureKind,
    value: Number(row.value),
    source: row.source,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

/** The kinds in the contract's order: prevalence, estimated users, rank. */
const byKind = (a: ReferenceFigure, b: ReferenceFigure) =>
  REFERENCE_FIGURE_KINDS.indexOf(a.kind) - REFERENCE_FIGURE_KINDS.indexOf(b.kind) || b.year - a.year;

/** Every figure recorded for one region, of one year or of all, kinds in order and the latest year first. */
export async function referenceFiguresOf(
  em: EntityManager,
  regionCode: string,
  year?: number,
): Promise<ReferenceFigure[]> {
  const rows = await em.execute<ReferenceFigureRow[]>(
    `select ${COLUMNS} from reference_figure where region_code = ?${year === undefined ? '' : ' and year = ?'}`,
    year === undefined ? [regionCode] : [regionCode, year],
  );
  return rows.map(referenceFigureOf).sort(byKind);
}

/**
 * The figures that stand beside a period of `year`: for each kind, the region's figure of that
 * year or, where none was recorded for it, of the latest earlier year (surveys come every few
 * years; each figure names its own year). Only the region's own figures: estimates made for its
 * children are not added up, since a survey estimates each level from its own sample.
 */
export async function referenceFiguresFor(
  em: EntityManager,
  regionCode: string,
  year: number,
): Promise<ReferenceFigure[]> {
  const rows = await em.execute<ReferenceFigureRow[]>(
    `select distinct on (kind) ${COLUMNS} from reference_figure
     where region_code = ? and year <= ? order by kind, year desc`,
    [regionCode, year],
  );
  return rows.map(referenceFigureOf).sort(byKind);
}
