import { z } from 'zod';
import { ALL_RPCS } from './catalog.js';
import { cursorSchema, pageQuerySchema, pageSchema, readCursor, text, uuidSchema } from './common.js';
import { fieldErrors } from './errors.js';
import { RehabRpc } from './rehab.js';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const GOOD_CURSOR = cursorOf(['2024-05-02T09:30:00.000Z', '3fa85f64-5717-4562-b3fc-2c963f66afa6']);

/** The `{ path, message }` list a 400 would carry for `value`. */
function refusal(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : fieldErrors(result.error);
}

describe('text', () => {
  const name = z.object({ name: text(20, { trim: true, min: 1 }) });

  it('refuses a NUL, naming the field', () => {
    expect(refusal(name, { name: 'Klinik\u0000Pratama' })).toEqual([
      { path: 'name', message: 'must not contain a NUL character' },
    ]);
  });

  it.each([
    ['a high surrogate alone', 'Klinik \uD83D'],
    ['a low surrogate alone', '\uDE00 Klinik'],
    ['two high surrogates', '\uD83D\uD83D'],
    ['a pair in the wrong order', '\uDE00\uD83D'],
  ])('refuses %s', (_case, value) => {
    expect(refusal(name, { name: value })).toEqual([{ path: 'name', message: 'must be valid Unicode text' }]);
  });

  it('accepts a surrogate pair (an emoji) and other scripts', () => {
    expect(name.parse({ name: 'Klinik 😀' })).toEqual({ name: 'Klinik 😀' });
    expect(name.parse({ name: ' 東京 Ñandú ' })).toEqual({ name: '東京 Ñandú' });
  });

  it('refuses a value over its length, and an empty one once trimmed', () => {
    expect(refusal(name, { name: 'x'.repeat(21) }).map((e) => e.path)).toEqual(['name']);
    expect(refusal(name, { name: '   ' }).map((e) => e.path)).toEqual(['name']);
    expect(name.parse({ name: ` ${'x'.repeat(20)} ` }).name).toHaveLength(20);
  });

  it('clips a diagnostic instead of refusing it, never splitting a surrogate pair', () => {
    const diagnostic = text(5, { clip: true });
    expect(diagnostic.parse('abcdefgh')).toBe('abcde');
    expect(diagnostic.parse('abcd😀')).toBe('abcd');
  });

  it.each(['input', 'output'] as const)('is a string with maxLength in JSON Schema (%s)', (io) => {
    for (const schema of [text(20), text(20, { trim: true, min: 1 }), text(20, { clip: true })]) {
      expect(z.toJSONSchema(schema, { io })).toMatchObject({ type: 'string', maxLength: 20 });
    }
  });

  it('guards the free text of the contracts (a case reference, TAT notes, a facility name)', () => {
    const notes = refusal(RehabRpc.recordAssessmentResult.input, {
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      recommendation: 'outpatient',
      decidedOn: '2024-05-02',
      notes: 'fine\u0000',
    });
    expect(notes).toEqual([{ path: 'notes', message: 'must not contain a NUL character' }]);
    const facility = refusal(RehabRpc.registerFacility.input, {
      name: 'Klinik \uD800',
      kind: 'clinic',
      regionCode: '31',
    });
    expect(facility).toEqual([{ path: 'name', message: 'must be valid Unicode text' }]);
  });
});

describe('ids and dates carry a maxLength too', () => {
  it.each(['input', 'output'] as const)('%s', (io) => {
    expect(z.toJSONSchema(uuidSchema, { io })).toMatchObject({ format: 'uuid', maxLength: 36 });
    expect(z.toJSONSchema(RehabRpc.listCertificates.input, { io })).toMatchObject({
      properties: { from: { format: 'date', maxLength: 10 }, regionCode: { maxLength: 13 } },
    });
  });
});

describe('cursors', () => {
  it('accepts a cursor as the services write it', () => {
    expect(readCursor(GOOD_CURSOR)).toEqual({
      createdAt: '2024-05-02T09:30:00.000Z',
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    });
    expect(pageQuerySchema.parse({ cursor: GOOD_CURSOR })).toEqual({ limit: 50, cursor: GOOD_CURSOR });
  });

  it.each([
    ['an id that is not a uuid', 'WyIyMDI0LTAxLTAxIiwieCJd'],
    ['a uuid after a bad timestamp', cursorOf(['yesterday', '3fa85f64-5717-4562-b3fc-2c963f66afa6'])],
    ['a bare date', cursorOf(['2024-01-01', '3fa85f64-5717-4562-b3fc-2c963f66afa6'])],
    ['numbers', cursorOf([1, 2])],
    ['an object', cursorOf({ createdAt: '2024-01-01T00:00:00Z', id: '3fa85f64-5717-4562-b3fc-2c963f66afa6' })],
    ['a third element', cursorOf(['2024-05-02T09:30:00.000Z', '3fa85f64-5717-4562-b3fc-2c963f66afa6', 1])],
    ['text that is not base64url', `${GOOD_CURSOR}!`],
    ['base64url that is not JSON', 'x'],
    ['a NUL', '\u0000'],
    ['an empty string', ''],
    ['a pasted essay', 'A'.repeat(5000)],
  ])('refuses %s with 400 "cursor: is not a cursor this API gave out"', (_case, cursor) => {
    expect(readCursor(cursor)).toBeUndefined();
    expect(refusal(pageQuerySchema, { cursor })).toContainEqual({
      path: 'cursor',
      message: 'is not a cursor this API gave out',
    });
  });

  it('every list of the catalogue takes this cursor', () => {
    const pages = ALL_RPCS.filter((rpc) => 'nextCursor' in ((rpc.output as z.ZodObject).shape ?? {}));
    expect(pages.length).toBeGreaterThanOrEqual(13);
    for (const rpc of pages) {
      const cursor = (rpc.input as z.ZodObject).shape?.cursor as z.ZodOptional | undefined;
      expect([rpc.subject, cursor?.unwrap()]).toEqual([rpc.subject, cursorSchema]);
    }
  });

  it('a page bounds its items and its next cursor', () => {
    const json = z.toJSONSchema(pageSchema(z.object({ id: uuidSchema })), { io: 'output' });
    expect(json).toMatchObject({ properties: { items: { maxItems: 500 } } });
    expect(JSON.stringify(json.properties?.nextCursor)).toContain('"maxLength":256');
  });
});
