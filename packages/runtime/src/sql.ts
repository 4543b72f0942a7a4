/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for one `?` parameter, e.g.
 * `insert … select * from unnest(?::text[], ?::int[])`: MikroORM inlines parameters as
 * literals, and would spread a JavaScript array into a list. One literal per column keeps a
 * set-based write one statement whatever the batch's size.
 */
export function pgArray(values: ReadonlyArray<string | number | bigint | boolean | null | undefined>): string {
  const items = values.map((value) =>
    value === null || value === undefined
      ? 'NULL'
      : `"${String(value).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
  return `{${items.join(',')}}`;
}
