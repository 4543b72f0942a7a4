import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { regionLevel } from '@sinergi/contracts';
import { crossSumsOf } from '../indicators/rollup.js';
import { crossDim } from '../projections/aggregates.js';
import type { Cell } from './coordination-report.builder.js';

/**
 * The EMCDDA Treatment Demand Indicator (TDI 3.0) tables: treatment episodes started in a year,
 * from rehab admissions, cross-tabulated by centre type, referral source, primary drug, sex and
 * age, read from the crossed aggregates. A province's or the nation's tables are published as
 * they are (treatment figures at province level are public); below province level the tables
 * are not published at all: each crossed cell is bound by the breakdowns already published for
 * that region, so hiding its small cells one table at a time cannot keep them hidden.
 */
export const TDI_TABLES = [
  {
    id: 'centre_type',
    title: 'Treatment episodes by type of treatment centre',
    rows: 'facilityKind',
    columns: 'program',
  },
  { id: 'referral_source', title: 'Treatment episodes by referral source', rows: 'source', columns: 'program' },
  { id: 'primary_drug_by_sex', title: 'Primary drug by sex', rows: 'substance', columns: 'sex' },
  { id: 'age_by_primary_drug', title: 'Age band by primary drug', rows: 'ageBand', columns: 'substance' },
] as const;

export interface TdiRow {
  key: string;
  cells: Record<string, Cell>;
  total: Cell;
}

export interface TdiTable {
  id: string;
  title: string;
  rowDimension: string;
  columnDimension: string;
  columns: string[];
  rows: TdiRow[];
}

const shown = (value: number): Cell => ({ value, display: String(value), suppressed: false });

@Injectable()
export class TdiQuery {
  constructor(private readonly em: EntityManager) {}

  async tables(regionCode: string, year: number): Promise<{ episodes: Cell; tables: TdiTable[] }> {
    if (['regency', 'district', 'village'].includes(regionLevel(regionCode))) {
      return {
        episodes: { value: null, display: '–', suppressed: true },
        tables: TDI_TABLES.map((t) => ({
          id: t.id,
          title: t.title,
          rowDimension: t.rows,
          columnDimension: t.columns,
          columns: [],
          rows: [],
        })),
      };
    }
    const pairs = TDI_TABLES.map((t) => [t.rows, t.columns] as const);
    const sums = await crossSumsOf(this.em.fork(), regionCode, { year }, 'rehab.admissions', pairs);
    const total = Number(sums.find((s) => s.dim === '')?.value ?? 0);
    const tables: TdiTable[] = [];
    for (const table of TDI_TABLES) {
      const counts = sums
        .filter((s) => s.dim === crossDim(table.rows, table.columns))
        .map((s) => {
          const [r = 'unknown', c = 'unknown'] = s.key.split('×');
          return { r, c, n: Number(s.value) };
        });
      const rowKeys = [...new Set(counts.map((x) => x.r))].sort();
      const columns = [...new Set(counts.map((x) => x.c))].sort();
      const value = (r: string, c: string) => counts.find((x) => x.r === r && x.c === c)?.n ?? 0;
      const rows: TdiRow[] = rowKeys.map((r) => {
        const values = columns.map((c) => value(r, c));
        return {
          key: r,
          cells: Object.fromEntries(columns.map((c, i) => [c, shown(values[i] ?? 0)])),
          total: shown(values.reduce((a, b) => a + b, 0)),
        };
      });
      tables.push({
        id: table.id,
        title: table.title,
        rowDimension: table.rows,
        columnDimension: table.columns,
        columns,
        rows,
      });
    }
    const episodes = shown(total);
    return { episodes, tables };
  }
}
