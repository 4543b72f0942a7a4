import { z } from 'zod';

// ---------- text: every string that crosses the public API ----------

/** A UTF-16 surrogate without its partner: half of a character, not a character. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `value` holds a lone surrogate, which UTF-8 (JSON on the wire, PostgreSQL text) cannot encode. */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

export interface TextOptions {
  /** Trim surrounding white space before the length checks (what a person typed). */
  trim?: boolean;
  /** The fewest characters, after trimming. */
  min?: number;
  /**
   * Cut a longer value to `max` instead of refusing it: for diagnostics a service writes itself
   * (why a report failed), where a refused answer would hide the record behind a 502.
   */
  clip?: boolean;
}

/** The first `max` code units, without a high surrogate left at the cut. */
function clipTo(value: string, max: number): string {
  return value.length > max ? value.slice(0, max).replace(/[\uD800-\uDBFF]$/, '') : value;
}

/**
 * A string of at most `max` UTF-16 code units that a database can store and JSON can carry.
 * PostgreSQL refuses a NUL (U+0000) in text, and a lone surrogate cannot be encoded as UTF-8:
 * without these checks such a value passes validation and fails later as a 503 or a 500
 * instead of a 400 naming the field. The length bound is what OpenAPI shows as `maxLength`
 * (the checks are refinements, so the JSON Schema stays `type: string`); an emoji counts as two.
 */
export function text(max: number, options: TextOptions = {}) {
  let schema = z.string();
  if (options.clip) schema = schema.overwrite((value) => clipTo(value, max));
  if (options.trim) schema = schema.trim();
  if (options.min !== undefined) schema = schema.min(options.min);
  return schema
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character')
    .refine((value) => !hasLoneSurrogate(value), 'must be valid Unicode text');
}

/** Longest `YYYY-MM-DD`. */
const DATE_LENGTH = 10;
/** An RFC 3339 instant: 35 characters with nanoseconds and an offset; the rest is slack. */
const INSTANT_LENGTH = 64;
/** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
const UUID_LENGTH = 36;

/** A calendar date `YYYY-MM-DD` that exists (no 2024-02-30). */
export const isoDateSchema = z.iso.date({ message: 'must be a date as YYYY-MM-DD' }).max(DATE_LENGTH);

/** An instant with its offset, such as `2024-05-02T09:30:00.000Z`: when a record was written. */
export const instantSchema = z.iso.datetime({ offset: true }).max(INSTANT_LENGTH);

/**
 * One formatter for every call. Building an `Intl.DateTimeFormat` with a time zone costs ~0.35 ms
 * and ICU memory outside the JS heap that the process does not give back: once per validated
 * date (every row of a 50,000-row CSV import) it took seconds and left the gateway at GBs of RSS.
 */
const JAKARTA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' });

/** Today's date in Asia/Jakarta, where the agencies work. */
export function todayInJakarta(now: Date = new Date()): string {
  return JAKARTA_DATE.format(now);
}

/** A date that is not after today in Jakarta: records describe what already happened. */
export const pastDateSchema = isoDateSchema.refine((value) => value <= todayInJakarta(), {
  message: 'must not be in the future',
});

export const uuidSchema = z.uuid({ message: 'must be a UUID' }).max(UUID_LENGTH);

export const SUBSTANCES = [
  'methamphetamine',
  'mdma',
  'cannabis',
  'heroin',
  'cocaine',
  'synthetic_cannabinoid',
  'other',
] as const;
export const substanceSchema = z.enum(SUBSTANCES);
export type Substance = z.infer<typeof substanceSchema>;

export const SEXES = ['male', 'female'] as const;
export const sexSchema = z.enum(SEXES);
export type Sex = z.infer<typeof sexSchema>;

/** Age bands as reported (TDI-like): derived in rehab, the only age that leaves it. */
export const AGE_BANDS = [
  '0-14',
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50-54',
  '55-59',
  '60+',
] as const;
export const ageBandSchema = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof ageBandSchema>;

// ---------- lists ----------

/** The most items one page holds, and the largest `?limit=`. */
export const MAX_PAGE_SIZE = 500;
/** A cursor this API writes is about 90 characters; 256 leaves room and refuses a pasted essay. */
const CURSOR_LENGTH = 256;

/** What a keyset cursor names: the last item's `(createdAt, id)`. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/**
 * The id is any 8-4-4-4-12 hex string, as PostgreSQL's uuid type takes it (rows may hold ids
 * of any UUID version); what matters is that the cast in the keyset query cannot fail.
 */
const cursorPositionSchema = z.tuple([z.iso.datetime({ offset: true }), z.guid()]);

/**
 * Reads a keyset cursor as the services write it (packages/runtime/src/pagination.ts): the
 * base64url of the JSON pair `[createdAt, id]`. Anything else is undefined. The services cast
 * both halves in SQL, so a cursor naming something else must be refused before it gets there.
 */
export function readCursor(cursor: string): CursorPosition | undefined {
  // Buffer skips characters outside the alphabet; a cursor holding any is not one of ours.
  if (cursor.length > CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = cursorPositionSchema.safeParse(value);
  return parsed.success ? { createdAt: parsed.data[0], id: parsed.data[1] } : undefined;
}

/** An opaque `?cursor=`: only one this API gave out is accepted. */
export const cursorSchema = z
  .string()
  .max(CURSOR_LENGTH)
  .refine((value) => readCursor(value) !== undefined, 'is not a cursor this API gave out');

/** Lists: `?limit=` (default 50, max 500) and an opaque `?cursor=`. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: cursorSchema.optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item).max(MAX_PAGE_SIZE), nextCursor: cursorSchema.nullable() });
}
