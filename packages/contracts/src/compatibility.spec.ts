import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { incompatibilities, releaseProblems } from './compatibility.js';
import { asyncApiDocument, contractSchemas, type JsonSchema } from './json-schema.js';

const released = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'released', 'schemas.json'), 'utf8'),
) as Record<string, JsonSchema>;

const base: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, kind: { type: 'string', enum: ['a', 'b'] } },
  required: ['id', 'kind'],
};

describe('released contracts', () => {
  it('every released schema is still compatible with the code', () => {
    expect(releaseProblems(released, contractSchemas())).toEqual([]);
  });

  it('covers every event and request the code defines (run `npm run release -w @sinergi/contracts`)', () => {
    expect(Object.keys(contractSchemas()).filter((name) => !(name in released))).toEqual([]);
  });
});

describe('published for other systems', () => {
  const releasedDir = join(import.meta.dirname, '..', 'released');
  const read = (file: string) => JSON.parse(readFileSync(join(releasedDir, file), 'utf8'));

  it('publishes every event schema as it is now (run npm run release -w @sinergi/contracts after a change)', () => {
    const events = Object.entries(contractSchemas()).filter(([name]) => name.startsWith('event:'));
    expect(readdirSync(join(releasedDir, 'events')).sort()).toEqual(
      events.map(([name]) => `${name.slice('event:'.length)}.json`).sort(),
    );
    for (const [name, schema] of events) expect(read(`events/${name.slice('event:'.length)}.json`)).toEqual(schema);
  });

  it('publishes the AsyncAPI document as it is now', () => {
    const version = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version;
    expect(read('asyncapi.json')).toEqual(asyncApiDocument(version));
  });
});

describe('incompatibilities', () => {
  it('accepts an added optional field and an added enum value', () => {
    const next = structuredClone(base) as { properties: Record<string, JsonSchema> } & JsonSchema;
    next.properties.note = { type: 'string' };
    next.properties.kind = { type: 'string', enum: ['a', 'b', 'c'] };
    expect(incompatibilities(base, next)).toEqual([]);
  });

  it('rejects a removed field', () => {
    const next = { ...base, properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] };
    expect(incompatibilities(base, next)).toContain('$.kind: removed');
  });

  it('rejects a changed type', () => {
    const next = structuredClone(base) as { properties: Record<string, JsonSchema> } & JsonSchema;
    next.properties.id = { type: 'number' };
    expect(incompatibilities(base, next)[0]).toMatch(/\$\.id: type changed/);
  });

  it('rejects a removed enum value and a newly required field', () => {
    const next = structuredClone(base) as { properties: Record<string, JsonSchema> } & JsonSchema;
    next.properties.kind = { type: 'string', enum: ['a'] };
    next.properties.extra = { type: 'string' };
    next.required = ['id', 'kind', 'extra'];
    expect(incompatibilities(base, next)).toEqual(['$.kind: enum value "b" removed', '$.extra: became required']);
  });

  it('judges required fields by who depends on the contract', () => {
    const required = {
      ...base,
      required: ['id', 'kind', 'note'],
      properties: { ...base.properties, note: { type: 'string' } },
    };
    const optional = { ...base, required: ['id'], properties: { ...base.properties, note: { type: 'string' } } };
    const withNote = { ...base, properties: { ...base.properties, note: { type: 'string' } } };
    // An answer or event that promises more breaks no reader; one that promises less does.
    expect(releaseProblems({ 'report.get:output': withNote }, { 'report.get:output': required })).toEqual([]);
    expect(releaseProblems({ 'event:x.y.z.v1': withNote }, { 'event:x.y.z.v1': optional })).toEqual([
      'event:x.y.z.v1: $.kind: no longer required',
    ]);
    // An input that asks more breaks callers; one that asks less does not.
    expect(releaseProblems({ 'report.get:input': withNote }, { 'report.get:input': required })).toEqual([
      'report.get:input: $.note: became required',
    ]);
    expect(releaseProblems({ 'report.get:input': withNote }, { 'report.get:input': optional })).toEqual([]);
  });

  it('reports a released contract that disappeared', () => {
    expect(releaseProblems({ 'event:x.y.z.v1': base }, {})).toEqual([
      'event:x.y.z.v1: released contract is gone (publish a new version instead)',
    ]);
  });
});
