import { z } from 'zod';

export class ConfigError extends Error {}

/** NATS namespace: a prefix on every subject, stream and durable name, so runs can share one server. */
export const natsPrefixSchema = z
  .string()
  .regex(/^([a-z0-9_-]+\.)?$/, 'must be empty or a lower-case token followed by a dot, such as "t1a2b."')
  .default('');

export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  NATS_PREFIX: natsPrefixSchema,
});

export const DEFAULT_PORTS = {
  gateway: 3000,
  rehab: 3001,
  enforcement: 3002,
  prevention: 3003,
  reporting: 3004,
} as const;

/** The environment every domain service reads: its HTTP health port and its own database. */
export function serviceEnvSchema(service: 'rehab' | 'enforcement' | 'prevention' | 'reporting') {
  const role = `sinergi_${service}`;
  return baseEnvSchema.extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORTS[service]),
    /** Where health and /metrics listen: loopback locally, 0.0.0.0 in a container or pod. */
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' })
      .default(`postgres://${role}:${role}@127.0.0.1:5432/${role}`),
    DATABASE_ADMIN_URL: z
      .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' })
      .default('postgres://postgres@127.0.0.1:5432/postgres'),
  });
}

/** Parses the environment, throwing a ConfigError that lists every bad variable. */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** For `main.ts`: a bad configuration ends the process with a clear message, before anything starts. */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env = process.env): z.infer<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
