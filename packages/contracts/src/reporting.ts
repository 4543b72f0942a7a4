import { z } from 'zod';
import { regionCodeSchema } from './regions.js';
import { defineRpc } from './rpc.js';

export const periodSchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    quarter: z.coerce.number().int().min(1).max(4).optional(),
    month: z.coerce.number().int().min(1).max(12).optional(),
  })
  .refine((p) => p.quarter === undefined || p.month === undefined, {
    message: 'give a quarter or a month, not both',
    path: ['month'],
  });
export type Period = z.infer<typeof periodSchema>;

export const indicatorsQuerySchema = z.object({ regionCode: regionCodeSchema }).and(periodSchema);

export const breakdownSchema = z.record(z.string(), z.record(z.string(), z.number()));

export const indicatorValueSchema = z.object({
  code: z.string(),
  label: z.string(),
  labelId: z.string(),
  unit: z.string(),
  value: z.number(),
  target: z.number().nullable(),
  achievementPct: z.number().nullable(),
  breakdowns: breakdownSchema,
});
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

export const indicatorsSchema = z.object({
  regionCode: regionCodeSchema,
  period: z.object({
    year: z.number().int(),
    quarter: z.number().int().optional(),
    month: z.number().int().optional(),
  }),
  indicators: z.array(indicatorValueSchema),
});
export type Indicators = z.infer<typeof indicatorsSchema>;

export const ReportingRpc = {
  indicators: defineRpc({
    service: 'reporting',
    name: 'indicators.get',
    input: indicatorsQuerySchema,
    output: indicatorsSchema,
    description: 'Live values of every indicator for a region (and below) and a period.',
  }),
} as const;
