import { SERVICE_SECRETS, serviceEnvSchema } from '@sinergi/runtime';
import type { z } from 'zod';

export const preventionEnvSchema = serviceEnvSchema('prevention');
export type PreventionConfig = z.infer<typeof preventionEnvSchema>;
export const PREVENTION_SECRETS = SERVICE_SECRETS;
