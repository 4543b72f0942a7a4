import { parseRoleAgencies } from '@sinergi/contracts';
import { baseEnvSchema, DEFAULT_PORTS, parseSigningKey } from '@sinergi/runtime';
import { z } from 'zod';

/** A comma-separated setting as its trimmed, non-empty entries (absent: none). */
const commaList = () =>
  z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

export const gatewayEnvSchema = baseEnvSchema
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORTS.gateway),
    HOST: z.string().default('0.0.0.0'),
    /**
     * Prometheus scrapes the gateway here, apart from the API's port, so no published port or
     * ingress serves /metrics (0: any free port, for tests).
     */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    METRICS_HOST: z.string().default('127.0.0.1'),
    /** HS256 secret for local tokens; at least 32 characters. */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * Production: RS256 tokens from an OIDC issuer, verified through its JWKS. With JWT_SECRET
     * too, both kinds are accepted, each checked against its own key (docs/security.md).
     */
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    JWT_JWKS_URL: z.url().optional(),
    /**
     * The issuer the JWKS's tokens name, where it is not JWT_ISSUER: a gateway that verifies both
     * local HS256 tokens (JWT_ISSUER) and an OpenID provider's (this one, its URL).
     */
    JWT_JWKS_ISSUER: z.url().optional(),
    /**
     * The browser pages' sign-in (authorization code with PKCE at the JWKS's issuer): the public
     * client's id, and the scopes it asks for (the provider must put the Sinergi claims and the
     * audience JWT_AUDIENCE into the access token for them).
     */
    OIDC_CLIENT_ID: z.string().min(1).max(200).default('sinergi-dashboard'),
    OIDC_SCOPE: z.string().min(1).max(500).default('openid'),
    /** The longest a token may live (exp − iat, and exp − now): a stolen token dies soon. */
    JWT_MAX_LIFETIME_S: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(12 * 3600),
    /**
     * Which agencies may hold which role, `role=AGENCY|AGENCY;…`; roles left out keep the default
     * (packages/contracts/src/principal.ts). A token outside it is refused.
     */
    ROLE_AGENCIES: z
      .string()
      .optional()
      .transform((value, ctx) => {
        try {
          return parseRoleAgencies(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    /** The gateway's key for signing the requests it forwards: `<kid>:<Ed25519 seed, base64url>`. */
    CALLER_SIGNING_KEY: z
      .string({ message: 'is required: <kid>:<Ed25519 seed, base64url> (the services hold its public key)' })
      .refine((value) => {
        try {
          parseSigningKey(value);
          return true;
        } catch {
          return false;
        }
      }, 'must be <kid>:<32-byte Ed25519 seed, base64url>'),
    /**
     * Addresses of the reverse proxies in front of the gateway (IPs or CIDRs, comma-separated):
     * X-Forwarded-For is believed only from them, so no client can pick its own rate-limit bucket.
     */
    TRUSTED_PROXIES: commaList(),
    /**
     * Browser origins allowed to call the API across origins (exact, comma-separated, e.g.
     * `https://sinergi.bnn.go.id`); empty: same-origin only (docs/security.md).
     */
    CORS_ORIGINS: commaList(),
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
  })
  .refine((env) => !env.JWT_JWKS_ISSUER || env.JWT_JWKS_URL, {
    message: 'names the issuer of JWT_JWKS_URL: set that too',
    path: ['JWT_JWKS_ISSUER'],
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.JWT_ISSUER, {
    message: 'is required in production: tokens are checked against their issuer',
    path: ['JWT_ISSUER'],
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.JWT_AUDIENCE, {
    message: 'is required in production: tokens are checked against their audience',
    path: ['JWT_AUDIENCE'],
  });

/** What the gateway must bring in production; JWT_SECRET only when it verifies HS256 tokens. */
export function gatewaySecrets(env: Record<string, string | undefined> = process.env): string[] {
  return ['NATS_NKEY_SEED', 'CALLER_SIGNING_KEY', 'REDIS_URL', ...(env.JWT_JWKS_URL ? [] : ['JWT_SECRET'])];
}

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
