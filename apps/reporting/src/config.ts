import { serviceEnvSchema } from '@sinergi/runtime';
import type { z } from 'zod';

export const reportingEnvSchema = serviceEnvSchema('reporting');
export type ReportingConfig = z.infer<typeof reportingEnvSchema>;
