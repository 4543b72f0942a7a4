import type { EntityManager } from '@mikro-orm/postgresql';
import { regionLevel } from '@sinergi/contracts';
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

export interface InterventionInput {
  id: string;
  regionCode: string;
  agency: 'prevention' | 'rehab' | 'enforcement';
  on: string;
  /** A standing presence (an IBM unit) counts from `on` onward; other work only on its day. */
  standing?: boolean;
}

/**
 * Records an agency's work in a village, for the multi-agency vulnerable-area indicator. Work
 * recorded above village level is not tied to a village and is left out.
 */
export async function recordIntervention(em: EntityManager, input: InterventionInput): Promise<void> {
  if (regionLevel(input.regionCode) !== 'village') return;
  await upsertRow(
    em,
    'intervention',
    ['id'],
    {
      id: input.id,
      villageCode: input.regionCode,
      agency: input.agency,
      on: input.on,
      standing: input.standing ?? false,
    },
    { onConflict: 'keep' },
  );
}
