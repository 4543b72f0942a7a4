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
    /** Idempotency keys and rate-limit counters live in Redis, shared by every gateway replica. */
    REDIS_URL: z.string().min(1).default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
      .default('sinergi'),
    RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(600),
    RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(1200),
    /** The rate-limit window in seconds. */
    RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(3600).default(60),
  })
  .refine((env) => env.JWT_SECRET || env.JWT_JWKS_URL, {
    message: 'set JWT_SECRET (local HS256) or JWT_JWKS_URL (OIDC RS256)',
    path: ['JWT_SECRET'],
  });

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
