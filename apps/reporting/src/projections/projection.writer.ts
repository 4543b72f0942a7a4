import type { EntityManager } from '@mikro-orm/postgresql';
import { type BatchApply, pgArray, type StreamEvent } from '@sinergi/runtime';
import { AggregateDeltas, type FactShape } from './aggregates.js';
import { type FactRow, type Projector, rollupColumns, type Scalar, type TableRow } from './projected.js';

interface Incoming {
  fact: FactRow;
  seq: number;
  eventId: string;
}

/** The quoted column name: some are SQL keywords (`on`). */
const column = (name: string) => `"${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}"`;

interface StoredFact extends FactShape {
  id: string;
  seq: number | null;
  eventId?: string;
}

/**
 * Writes a batch of projected events set-based, inside the consumer's transaction: one upsert
 * per coordination table, one read of the facts the batch replaces, one upsert of the facts and
 * one of each aggregate's deltas, whatever the batch's size. Facts carry the stream sequence of
 * the event that wrote them, so a replica applying an older event after a newer one (two
 * reporting replicas share a durable) leaves the newer fact; a replaced fact moves its
 * aggregates by the difference.
 */
export class ProjectionWriter {
  private columnTypes?: Map<string, Map<string, string>>;

  /** A consumer's apply: events through their projectors, then one write of the whole batch. */
  applier(projectors: Record<string, Projector>): { types: ReadonlySet<string>; apply: BatchApply } {
    return {
      types: new Set(Object.keys(projectors)),
      apply: (tx, events) => this.write(tx, events, projectors),
    };
  }

  async write(tx: EntityManager, events: StreamEvent[], projectors: Record<string, Projector>): Promise<void> {
    const facts: Incoming[] = [];
    const rows: TableRow[] = [];
    for (const { event, seq } of events) {
      const projected = (projectors[event.type] as Projector)(event);
      for (const fact of projected.facts) facts.push({ fact, seq, eventId: event.eventId });
      rows.push(...projected.rows);
    }
    await this.writeRows(tx, rows);
    await this.writeFacts(tx, facts);
  }

  /** One upsert per table; rows of one key within the batch are merged first, in stream order. */
  private async writeRows(tx: EntityManager, rows: TableRow[]): Promise<void> {
    const byTable = new Map<string, Map<string, TableRow>>();
    for (const row of rows) {
      const table = byTable.get(row.table) ?? new Map<string, TableRow>();
      const id = JSON.stringify(row.key.map((k) => row.values[k]));
      const earlier = table.get(id);
      if (!earlier) table.set(id, row);
      else if (row.onConflict === 'merge') {
        const values = { ...earlier.values };
        for (const [k, v] of Object.entries(row.values)) if (v !== null && v !== undefined) values[k] = v;
        table.set(id, { ...earlier, values });
      }
      byTable.set(row.table, table);
    }
    const types = await this.types(tx);
    for (const [table, merged] of [...byTable.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const list = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
      const first = list[0] as TableRow;
      const columns = [...new Set(list.flatMap((r) => Object.keys(r.values)))];
      const tableTypes = types.get(table);
      if (!tableTypes) throw new Error(`projection table ${table} is missing`);
      const cast = (name: string) => {
        const type = tableTypes.get(column(name).replaceAll('"', ''));
        if (!type) throw new Error(`${table} has no column ${name}`);
        return type;
      };
      const updates = columns.filter((c) => !first.key.includes(c));
      const conflict =
        first.onConflict === 'keep' || updates.length === 0
          ? 'do nothing'
          : `do update set ${updates.map((c) => `${column(c)} = coalesce(excluded.${column(c)}, ${table}.${column(c)})`).join(', ')}`;
      await tx.execute(
        `insert into ${table} (${columns.map(column).join(', ')})
         select ${columns.map((c, i) => `u.c${i}::${cast(c)}`).join(', ')}
         from unnest(${columns.map(() => '?::text[]').join(', ')}) as u(${columns.map((_, i) => `c${i}`).join(', ')})
         on conflict (${first.key.map(column).join(', ')}) ${conflict}`,
        columns.map((c) => pgArray(list.map((r) => text(r.values[c])))),
      );
    }
  }

  private async writeFacts(tx: EntityManager, incoming: Incoming[]): Promise<void> {
    if (incoming.length === 0) return;
    const ids = [...new Set(incoming.map(({ fact }) => fact.id))].sort();
    // Whoever writes one of these facts waits for us, so the versions read below stay the latest.
    await tx.execute(
      `select pg_advisory_xact_lock(h) from (select distinct hashtextextended(id, 17) as h
         from unnest(?::text[]) as id order by 1) locks`,
      [pgArray(ids)],
    );
    const stored = new Map<string, StoredFact>();
    const old = await tx.execute<
      Array<Omit<StoredFact, 'dims' | 'seq'> & { dims: Record<string, string> | string; seq: string | null }>
    >(
      `select id, indicator, region_code as "regionCode", province_code as "provinceCode",
              regency_code as "regencyCode", district_code as "districtCode", occurred_on::text as "occurredOn",
              value::text as value, dims, seq from fact where id = any(?::text[])`,
      [pgArray(ids)],
    );
    for (const f of old) {
      stored.set(f.id, {
        ...f,
        dims: typeof f.dims === 'string' ? JSON.parse(f.dims) : f.dims,
        seq: f.seq === null ? null : Number(f.seq),
      });
    }
    const caseDates = await this.caseDates(tx, incoming);
    const deltas = new AggregateDeltas();
    const written = new Map<string, StoredFact>();
    for (const { fact, seq, eventId } of incoming) {
      const previous = written.get(fact.id) ?? stored.get(fact.id);
      // An event older than the one that wrote the fact (another replica was faster) changes nothing.
      if (previous && previous.seq !== null && previous.seq >= seq) continue;
      const occurredOn =
        typeof fact.occurredOn === 'string' ? fact.occurredOn : caseDates.get(fact.occurredOn.caseOpened);
      if (!occurredOn)
        throw new Error(`case ${(fact.occurredOn as { caseOpened: string }).caseOpened} is not projected yet`);
      const next: StoredFact = {
        id: fact.id,
        indicator: fact.indicator,
        regionCode: fact.regionCode,
        ...rollupColumns(fact.regionCode),
        occurredOn,
        value: fact.value,
        dims: fact.dims,
        seq,
        eventId,
      };
      if (previous) deltas.add(previous, -1n);
      deltas.add(next, 1n);
      written.set(fact.id, next);
    }
    if (written.size === 0) return;
    const list = [...written.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    await tx.execute(
      `insert into fact (id, indicator, region_code, province_code, regency_code, district_code, occurred_on, value, dims,
                         seq, event_id)
       select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::numeric[],
                            ?::jsonb[], ?::bigint[], ?::uuid[])
       on conflict (id) do update set indicator = excluded.indicator, region_code = excluded.region_code,
         province_code = excluded.province_code, regency_code = excluded.regency_code,
         district_code = excluded.district_code, occurred_on = excluded.occurred_on, value = excluded.value,
         dims = excluded.dims, seq = excluded.seq, event_id = excluded.event_id`,
      [
        pgArray(list.map((f) => f.id)),
        pgArray(list.map((f) => f.indicator)),
        pgArray(list.map((f) => f.regionCode)),
        pgArray(list.map((f) => f.provinceCode)),
        pgArray(list.map((f) => f.regencyCode)),
        pgArray(list.map((f) => f.districtCode)),
        pgArray(list.map((f) => f.occurredOn)),
        pgArray(list.map((f) => f.value)),
        pgArray(list.map((f) => JSON.stringify(f.dims))),
        pgArray(list.map((f) => f.seq)),
        pgArray(list.map((f) => f.eventId)),
      ],
    );
    await deltas.write(tx);
  }

  /** The opening dates of the cases the batch's suspects belong to (their cases come first in the stream). */
  private async caseDates(tx: EntityManager, incoming: Incoming[]): Promise<Map<string, string>> {
    const cases = [
      ...new Set(
        incoming.flatMap(({ fact }) => (typeof fact.occurredOn === 'string' ? [] : [fact.occurredOn.caseOpened])),
      ),
    ];
    if (cases.length === 0) return new Map();
    const rows = await tx.execute<{ case_id: string; opened_on: string }[]>(
      `select case_id, opened_on::text as opened_on from case_ref where case_id = any(?::uuid[])`,
      [pgArray(cases)],
    );
    return new Map(rows.map((r) => [r.case_id, r.opened_on]));
  }

  /** Column types of the projection tables, read once from the database the migrations built. */
  private async types(tx: EntityManager): Promise<Map<string, Map<string, string>>> {
    if (this.columnTypes) return this.columnTypes;
    const rows = await tx.execute<{ table_name: string; column_name: string; type: string }[]>(
      `select table_name, column_name, format_type(a.atttypid, a.atttypmod) as type
       from information_schema.columns c
       join pg_attribute a on a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
         and a.attname = c.column_name
       where c.table_schema = current_schema()`,
    );
    const types = new Map<string, Map<string, string>>();
    for (const r of rows) {
      const table = types.get(r.table_name) ?? new Map<string, string>();
      table.set(r.column_name, r.type);
      types.set(r.table_name, table);
    }
    this.columnTypes = types;
    return types;
  }
}

function text(value: Scalar | undefined): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}
