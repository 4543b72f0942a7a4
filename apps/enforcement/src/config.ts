import { serviceEnvSchema } from '@sinergi/runtime';
import type { z } from 'zod';

export const enforcementEnvSchema = serviceEnvSchema('enforcement');
export type EnforcementConfig = z.infer<typeof enforcementEnvSchema>;
