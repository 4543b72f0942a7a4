import { z } from 'zod';

/** A calendar date `YYYY-MM-DD` that exists (no 2024-02-30). */
export const isoDateSchema = z.iso.date({ message: 'must be a date as YYYY-MM-DD' });

/** Today's date in Asia/Jakarta, where the agencies work. */
export function todayInJakarta(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(now);
}

/** A date that is not after today in Jakarta: records describe what already happened. */
export const pastDateSchema = isoDateSchema.refine((value) => value <= todayInJakarta(), {
  message: 'must not be in the future',
});

export const uuidSchema = z.uuid({ message: 'must be a UUID' });

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

/** Lists: `?limit=` (default 50, max 500) and an opaque `?cursor=`. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
