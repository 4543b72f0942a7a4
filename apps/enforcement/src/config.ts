import { SERVICE_SECRETS, serviceEnvSchema } from '@sinergi/runtime';
import type { z } from 'zod';

export const enforcementEnvSchema = serviceEnvSchema('enforcement');
export type EnforcementConfig = z.infer<typeof enforcementEnvSchema>;
export const ENFORCEMENT_SECRETS = SERVICE_SECRETS;
