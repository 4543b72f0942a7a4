import { z } from 'zod';
import { parseVerifyKeys } from './broker/caller.js';
import { productionSecretProblems, resolveSecretFiles } from './secrets.js';

export class ConfigError extends Error {}

/** NATS namespace: a prefix on every subject, stream and durable name, so runs can share one server. */
export const natsPrefixSchema = z
  .string()
  .regex(/^([a-z0-9_-]+\.)?$/, 'must be empty or a lower-case token followed by a dot, such as "t1a2b."')
  .default('');

/** Where Sinergi's own broker listens locally: `npm run stack` starts it with the shipped permissions. */
export const LOCAL_NATS_URL = 'nats://127.0.0.1:4223';

export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: z.string().min(1).default(LOCAL_NATS_URL),
  NATS_PREFIX: natsPrefixSchema,
  /** This process's broker identity (an nkey user seed, `SU…`); the broker refuses anonymous clients. */
  NATS_NKEY_SEED: z
    .string()
    .regex(/^SU[A-Z2-7]{56}$/, 'must be an nkey user seed (SU…)')
    .optional(),
  /** The CA that signed the broker's certificate (`tls://` URLs); with CERT and KEY for mutual TLS. */
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
  NATS_TLS_CERT_FILE: z.string().min(1).optional(),
  NATS_TLS_KEY_FILE: z.string().min(1).optional(),
});

/** The gateway's public keys: a service acts only on requests the gateway signed (broker/caller.ts). */
export const callerKeysSchema = z
  .string({ message: 'is required: <kid>:<Ed25519 public key, base64url>' })
  .transform((value, ctx) => {
    try {
      return parseVerifyKeys(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** The secrets every domain service must bring in production (packages/runtime/src/secrets.ts). */
export const SERVICE_SECRETS = ['DATABASE_URL', 'NATS_NKEY_SEED', 'CALLER_KEYS'] as const;

export const DEFAULT_PORTS = {
  gateway: 3000,
  rehab: 3001,
  enforcement: 3002,
  prevention: 3003,
  reporting: 3004,
} as const;

const postgresUrl = () => z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' });

/**
 * The environment every domain service reads: its HTTP health port, its own database, and the
 * gateway's public keys. It never reads an admin URL: only the migrate step has one.
 */
export function serviceEnvSchema(service: 'rehab' | 'enforcement' | 'prevention' | 'reporting') {
  const role = `sinergi_${service}`;
  return baseEnvSchema.extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORTS[service]),
    /** Where health and /metrics listen: loopback locally, 0.0.0.0 in a container or pod. */
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: postgresUrl().default(`postgres://${role}:${role}@127.0.0.1:5432/${role}`),
    CALLER_KEYS: callerKeysSchema,
  });
}

/**
 * The migrate step's environment: the service's own database URL (its role is created with that
 * password), the PostgreSQL admin URL and the broker's admin user, which creates the streams.
 */
export function migrateEnvSchema(service: 'rehab' | 'enforcement' | 'prevention' | 'reporting') {
  const role = `sinergi_${service}`;
  return baseEnvSchema.extend({
    DATABASE_URL: postgresUrl().default(`postgres://${role}:${role}@127.0.0.1:5432/${role}`),
    DATABASE_ADMIN_URL: postgresUrl().default('postgres://postgres@127.0.0.1:5432/postgres'),
    /** The broker's admin user: streams are created here, never by a service. */
    NATS_ADMIN_NKEY_SEED: z
      .string()
      .regex(/^SU[A-Z2-7]{56}$/, 'must be an nkey user seed (SU…)')
      .optional(),
  });
}

export const MIGRATE_SECRETS = ['DATABASE_URL', 'DATABASE_ADMIN_URL', 'NATS_ADMIN_NKEY_SEED'] as const;

/**
 * Parses the environment (`X_FILE` standing for `X`), throwing a ConfigError that lists every bad
 * variable; in production also every secret that is missing, a placeholder or committed.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  rawEnv: Record<string, string | undefined>,
  secrets: readonly string[] = [],
): z.infer<S> {
  const env = resolveSecretFiles(rawEnv);
  const result = schema.safeParse(env);
  const secretProblems = env.NODE_ENV === 'production' ? productionSecretProblems(env, secrets) : [];
  if (result.success && secretProblems.length === 0) return result.data;
  const lines = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`)),
    ...secretProblems.map((problem) => `  ${problem.name}: ${problem.message}`),
  ];
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** For `main.ts`: a bad configuration ends the process with a clear message, before anything starts. */
export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  env = process.env,
  secrets: readonly string[] = [],
): z.infer<S> {
  try {
    return parseConfig(schema, env, secrets);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
