import { z } from 'zod';
import { ALL_RPCS } from './catalog.js';
import { problemSchema } from './errors.js';
import type { JsonSchema } from './json-schema.js';
import { principalSchema } from './principal.js';

/**
 * Every schema node below `schema` with its JSON path, the way Spectral's OWASP ruleset walks
 * a document (`$..[?(@.type=="string")]`): properties, items, alternatives, record keys and
 * values alike.
 */
function nodes(schema: unknown, path = '$'): Array<{ path: string; node: JsonSchema }> {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => nodes(item, `${path}[${i}]`));
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as JsonSchema;
  return [{ path, node }, ...Object.entries(node).flatMap(([key, value]) => nodes(value, `${path}.${key}`))];
}

const typesOf = (node: JsonSchema): unknown[] => (Array.isArray(node.type) ? node.type : [node.type]);

/** Strings without maxLength, enum or const, and arrays without maxItems (owasp:api4 string-limit, array-limit). */
function unbounded(schema: z.ZodType, io: 'input' | 'output'): string[] {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  const problems: string[] = [];
  for (const { path, node } of nodes(json)) {
    const types = typesOf(node);
    if (types.includes('string') && !('maxLength' in node || 'enum' in node || 'const' in node))
      problems.push(`${path}: string without maxLength`);
    if (types.includes('array') && !('maxItems' in node)) problems.push(`${path}: array without maxItems`);
  }
  return problems;
}

describe('every string and array that crosses the API is bounded', () => {
  it.each(ALL_RPCS.map((rpc) => [rpc.subject, rpc] as const))('%s', (_subject, rpc) => {
    expect({
      input: unbounded(rpc.input, 'input'),
      output: unbounded(rpc.output, 'output'),
    }).toEqual({ input: [], output: [] });
  });

  it('the problem answer and the principal', () => {
    expect(unbounded(problemSchema, 'output')).toEqual([]);
    expect(unbounded(principalSchema, 'input')).toEqual([]);
  });

  it('the walk finds what Spectral would flag', () => {
    const loose = z.object({
      name: z.string(),
      tags: z.array(z.string().max(10)),
      byKey: z.record(z.string(), z.number()),
    });
    expect(unbounded(loose, 'input')).toEqual([
      '$.properties.name: string without maxLength',
      '$.properties.tags: array without maxItems',
      '$.properties.byKey.propertyNames: string without maxLength',
    ]);
  });
});
