import { z } from 'zod';
import { regionCodeSchema } from './regions.js';

export const AGENCIES = ['BNN', 'POLRI', 'PEMDA', 'KEMENKES'] as const;
export const ROLES = ['rehab_officer', 'enforcement_officer', 'prevention_officer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the verified token's claims, passed from the gateway with every request. */
export const principalSchema = z.object({
  sub: z.string().min(1),
  agency: z.enum(AGENCIES),
  roles: z.array(z.enum(ROLES)).min(1),
  region: regionCodeSchema,
});
export type Principal = z.infer<typeof principalSchema>;
