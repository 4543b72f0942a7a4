import type { JsonSchema } from './json-schema.js';

/**
 * Lists the ways `next` breaks readers or writers of `released`. A released contract may
 * gain optional fields and enum values; it may not lose fields, change a type, make an
 * optional field required, or drop a required one.
 */
export function incompatibilities(released: JsonSchema, next: JsonSchema, path = '$'): string[] {
  const problems: string[] = [];
  const typeOf = (s: JsonSchema) => JSON.stringify(s.type ?? null);
  if (typeOf(released) !== typeOf(next)) {
    problems.push(`${path}: type changed from ${typeOf(released)} to ${typeOf(next)}`);
    return problems;
  }
  for (const key of ['format', 'pattern', 'const'] as const) {
    if (JSON.stringify(released[key]) !== JSON.stringify(next[key])) {
      problems.push(`${path}: ${key} changed from ${JSON.stringify(released[key])} to ${JSON.stringify(next[key])}`);
    }
  }
  if (Array.isArray(released.enum)) {
    const nextValues = new Set(Array.isArray(next.enum) ? next.enum : []);
    for (const value of released.enum) {
      if (!nextValues.has(value)) problems.push(`${path}: enum value ${JSON.stringify(value)} removed`);
    }
  }
  const releasedProps = (released.properties ?? {}) as Record<string, JsonSchema>;
  const nextProps = (next.properties ?? {}) as Record<string, JsonSchema>;
  const releasedRequired = new Set((released.required ?? []) as string[]);
  const nextRequired = new Set((next.required ?? []) as string[]);
  for (const [name, schema] of Object.entries(releasedProps)) {
    const nextSchema = nextProps[name];
    if (!nextSchema) {
      problems.push(`${path}.${name}: removed`);
      continue;
    }
    problems.push(...incompatibilities(schema, nextSchema, `${path}.${name}`));
  }
  for (const name of nextRequired) {
    if (!releasedRequired.has(name)) problems.push(`${path}.${name}: became required`);
  }
  for (const name of releasedRequired) {
    if (!nextRequired.has(name) && name in nextProps) problems.push(`${path}.${name}: no longer required`);
  }
  const releasedItems = released.items as JsonSchema | undefined;
  const nextItems = next.items as JsonSchema | undefined;
  if (releasedItems && nextItems) problems.push(...incompatibilities(releasedItems, nextItems, `${path}[]`));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const a = released[key] as JsonSchema[] | undefined;
    const b = next[key] as JsonSchema[] | undefined;
    if (a && (!b || a.length !== b.length)) {
      problems.push(`${path}: ${key} alternatives changed`);
    } else if (a && b) {
      for (const [i, alt] of a.entries()) problems.push(...incompatibilities(alt, b[i] as JsonSchema, `${path}|${i}`));
    }
  }
  return problems;
}

/** Every released contract must still exist and stay compatible. New contracts are welcome. */
export function releaseProblems(released: Record<string, JsonSchema>, current: Record<string, JsonSchema>): string[] {
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(released)) {
    const next = current[name];
    if (!next) problems.push(`${name}: released contract is gone (publish a new version instead)`);
    else problems.push(...incompatibilities(schema, next).map((p) => `${name}: ${p}`));
  }
  return problems;
}
