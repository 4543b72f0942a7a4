import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { regionLevel, type TdiExport } from '@sinergi/contracts';
import { crossSumsOf } from '../indicators/rollup.js';
import { crossDim } from '../projections/aggregates.js';
import type { Cell } from './coordination-report.builder.js';
import { TDI_ITEMS, tdiCode, tdiLabel, tdiOrder } from './tdi-codes.js';

/**
 * The EMCDDA Treatment Demand Indicator (TDI 3.0) tables: treatment episodes started in a year,
 * from rehab admissions, cross-tabulated by centre type, referral source, primary drug, sex and
 * age, read from the crossed aggregates. Rows and columns carry TDI's codes through the one
 * mapping of tdi-codes.ts (docs/domain.md, "EMCDDA TDI 3.0 mapping"): the Sinergi values counted
 * under one code are summed into it and named beside it. A province's or the nation's tables are
 * published as they are (treatment figures at province level are public); below province level
 * the tables are not published at all: each crossed cell is bound by the breakdowns already
 * published for that region, so hiding its small cells one table at a time cannot keep them hidden.
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
] as const satisfies ReadonlyArray<{ id: string; title: string; rows: TdiDimension; columns: TdiDimension }>;

type TdiDimension = keyof typeof TDI_ITEMS;
export type TdiTable = TdiExport['tables'][number];
type TdiRow = TdiTable['rows'][number];

const shown = (value: number): Cell => ({ value, display: String(value), suppressed: false });

/** The TDI item a dimension follows, as the export names it. */
const itemOf = (dimension: TdiDimension) => {
  const { id, name, codes } = TDI_ITEMS[dimension];
  return { id, name, codes };
};

/** An empty table of the given layout: what a region below province level gets. */
function unpublished(table: (typeof TDI_TABLES)[number]): TdiTable {
  return {
    id: table.id,
    title: table.title,
    rowDimension: table.rows,
    columnDimension: table.columns,
    rowItem: itemOf(table.rows),
    columnItem: itemOf(table.columns),
    columns: [],
    columnValues: [],
    rows: [],
  };
}

/** Each TDI code's Sinergi values, in TDI's order of the codes. */
function codesOf(dimension: TdiDimension, values: Iterable<string>): Map<string, string[]> {
  const tdi = TDI_ITEMS[dimension];
  const byCode = new Map<string, string[]>();
  for (const value of [...new Set(values)].sort()) {
    const code = tdiCode(tdi, value);
    byCode.set(code, [...(byCode.get(code) ?? []), value]);
  }
  return new Map([...byCode].sort(([a], [b]) => tdiOrder(tdi, a) - tdiOrder(tdi, b)));
}

const cellKey = (row: string, column: string) => JSON.stringify([row, column]);

/** One crossed table in TDI's codes, from the counts of each pair of Sinergi values. */
function tabulate(table: (typeof TDI_TABLES)[number], counts: Array<{ r: string; c: string; n: number }>): TdiTable {
  const rowCodes = codesOf(
    table.rows,
    counts.map(({ r }) => r),
  );
  const columnCodes = codesOf(
    table.columns,
    counts.map(({ c }) => c),
  );
  const sums = new Map<string, number>();
  for (const { r, c, n } of counts) {
    const at = cellKey(tdiCode(TDI_ITEMS[table.rows], r), tdiCode(TDI_ITEMS[table.columns], c));
    sums.set(at, (sums.get(at) ?? 0) + n);
  }
  const columns = [...columnCodes.keys()];
  const rows: TdiRow[] = [...rowCodes].map(([code, sinergiValues]) => {
    const values = columns.map((c) => sums.get(cellKey(code, c)) ?? 0);
    return {
      key: code,
      label: tdiLabel(TDI_ITEMS[table.rows], code),
      sinergiValues,
      cells: Object.fromEntries(columns.map((c, i) => [c, shown(values[i] ?? 0)])),
      total: shown(values.reduce((a, b) => a + b, 0)),
    };
  });
  return {
    ...unpublished(table),
    columns,
    columnValues: [...columnCodes].map(([code, sinergiValues]) => ({
      code,
      label: tdiLabel(TDI_ITEMS[table.columns], code),
      sinergiValues,
    })),
    rows,
  };
}

@Injectable()
export class TdiQuery {
  constructor(private readonly em: EntityManager) {}

  /** The export's figures, with the layout's version (tdiExportSchema): rows and columns in TDI's codes. */
  async tables(regionCode: string, year: number): Promise<Pick<TdiExport, 'version' | 'episodes' | 'tables'>> {
    if (['regency', 'district', 'village'].includes(regionLevel(regionCode))) {
      return {
        version: 2,
        episodes: { value: null, display: '–', suppressed: true },
        tables: TDI_TABLES.map(unpublished),
      };
    }
    const pairs = TDI_TABLES.map((t) => [t.rows, t.columns] as const);
    const sums = await crossSumsOf(this.em.fork(), regionCode, { year }, 'rehab.admissions', pairs);
    const total = Number(sums.find((s) => s.dim === '')?.value ?? 0);
    const tables = TDI_TABLES.map((table) =>
      tabulate(
        table,
        sums
          .filter((s) => s.dim === crossDim(table.rows, table.columns))
          .map((s) => {
            const [r = 'unknown', c = 'unknown'] = s.key.split('×');
            return { r, c, n: Number(s.value) };
          }),
      ),
    );
    return { version: 2, episodes: shown(total), tables };
  }
}
