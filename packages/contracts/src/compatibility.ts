import type { JsonSchema } from './json-schema.js';

/**
 * Who depends on a contract: `write` for a request's input (callers write it: a field that
 * becomes required breaks them, one that stops being required does not); `read` for an answer
 * or an event (callers and consumers read it: a field that stops being required breaks them,
 * one that becomes required only promises more); `both` when unknown.
 */
export type ContractSide = 'write' | 'read' | 'both';

/** The side a released contract's name says: `…:input` is written by callers, the rest is read. */
export function sideOf(name: string): ContractSide {
  return name.endsWith(':input') ? 'write' : 'read';
}

/**
 * Lists the ways `next` breaks readers or writers of `released`. A released contract may
 * gain optional fields and enum values; it may not lose fields or change a type; whether a
 * field may become required, or stop being required, depends on its side (ContractSide).
 */
export function incompatibilities(
  released: JsonSchema,
  next: JsonSchema,
  path = '$',
  side: ContractSide = 'both',
): string[] {
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
    problems.push(...incompatibilities(schema, nextSchema, `${path}.${name}`, side));
  }
  if (side !== 'read') {
    for (const name of nextRequired) {
      if (!releasedRequired.has(name)) problems.push(`${path}.${name}: became required`);
    }
  }
  if (side !== 'write') {
    for (const name of releasedRequired) {
      if (!nextRequired.has(name) && name in nextProps) problems.push(`${path}.${name}: no longer required`);
    }
  }
  const releasedItems = released.items as JsonSchema | undefined;
  const nextItems = next.items as JsonSchema | undefined;
  if (releasedItems && nextItems) problems.push(...incompatibilities(releasedItems, nextItems, `${path}[]`, side));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const a = released[key] as JsonSchema[] | undefined;
    const b = next[key] as JsonSchema[] | undefined;
    if (a && (!b || a.length !== b.length)) {
      problems.push(`${path}: ${key} alternatives changed`);
    } else if (a && b) {
      for (const [i, alt] of a.entries())
        problems.push(...incompatibilities(alt, b[i] as JsonSchema, `${path}|${i}`, side));
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
    else problems.push(...incompatibilities(schema, next, '$', sideOf(name)).map((p) => `${name}: ${p}`));
  }
  return problems;
}
