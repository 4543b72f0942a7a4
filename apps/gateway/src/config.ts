import { baseEnvSchema, DEFAULT_PORTS } from '@sinergi/runtime';
import { z } from 'zod';

export const gatewayEnvSchema = baseEnvSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORTS.gateway),
    HOST: z.string().default('0.0.0.0'),
    /** HS256 secret for local tokens; at least 32 characters. */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Production: RS256 tokens from an OIDC issuer, verified through its JWKS. */
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    JWT_JWKS_URL: z.url().optional(),
    /** How long the gateway waits for a service before answering 504. */
    RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  })
  .refine((env) => env.JWT_SECRET || env.JWT_JWKS_URL, {
    message: 'set JWT_SECRET (local HS256) or JWT_JWKS_URL (OIDC RS256)',
    path: ['JWT_SECRET'],
  });

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
