import type { EntityManager } from '@mikro-orm/postgresql';
import { rollupColumns } from './fact.writer.js';

/** The quoted column name: some are SQL keywords (`on`). */
function snake(name: string): string {
  return `"${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}"`;
}

/**
 * Inserts a projection row or, on the same key, merges in the given columns. Projections are
 * written this way so that applying an event twice, or in another order, ends in the same row.
 * `located` adds the region's roll-up columns.
 */
export async function upsertRow(
  em: EntityManager,
  table: string,
  key: string[],
  row: Record<string, string | number | boolean | null>,
  options: { located?: string; onConflict?: 'merge' | 'keep' } = {},
): Promise<void> {
  const values: Record<string, string | number | boolean | null> = { ...row };
  if (options.located) Object.assign(values, { regionCode: options.located, ...rollupColumns(options.located) });
  const columns = Object.keys(values);
  const updates = columns.filter((c) => !key.includes(c));
  const conflict =
    options.onConflict === 'keep' || updates.length === 0
      ? 'do nothing'
      : `do update set ${updates.map((c) => `${snake(c)} = coalesce(excluded.${snake(c)}, ${table}.${snake(c)})`).join(', ')}`;
  await em.execute(
    `insert into ${table} (${columns.map(snake).join(', ')}) values (${columns.map(() => '?').join(', ')})
     on conflict (${key.map(snake).join(', ')}) ${conflict}`,
    columns.map((c) => values[c] ?? null),
  );
}
