// Local development secrets: created once per clone in .sinergi/dev.env (git-ignored), so
// `npm run stack`, `npm run token` and the broker agree. Each process gets only its own (envFor).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSecrets, parseEnvFile, SECRET_NAMES, secretsFor } from './secrets.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILE = join(ROOT, '.sinergi', 'dev.env');

/** Local issuer and audience: the gateway checks both, as it does in production. */
export const LOCAL_TOKEN_SETTINGS = { JWT_ISSUER: 'sinergi-local', JWT_AUDIENCE: 'sinergi-api' };

/**
 * The clone's secrets, generating what is missing (an older dev.env gains the newer secrets and
 * keeps its own). Production takes its secrets from its environment only.
 */
export async function devSecrets() {
  if (process.env.NODE_ENV === 'production') return {};
  const existing = existsSync(FILE) ? parseEnvFile(readFileSync(FILE, 'utf8')) : {};
  if (SECRET_NAMES.every((name) => existing[name])) return existing;
  // Seeds and their public keys come from one generation, so a partial file keeps its own values
  // and takes the missing ones (a public nkey always with its seed) from the fresh set.
  const fresh = await generateSecrets();
  const merged = { ...fresh, ...existing };
  for (const name of Object.keys(fresh)) {
    const user = /^NATS_NKEY_SEED_(.+)$/.exec(name)?.[1];
    if (user && !existing[name]) merged[`SINERGI_NKEY_${user}`] = fresh[`SINERGI_NKEY_${user}`];
  }
  mkdirSync(dirname(FILE), { recursive: true });
  writeFileSync(
    FILE,
    `${Object.entries(merged)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
  return merged;
}

/**
 * One local process's environment: the non-secret local settings, its own secrets, and anything
 * already set in the environment (which wins).
 */
export async function envFor(name) {
  const all = await devSecrets();
  return { ...LOCAL_TOKEN_SETTINGS, ...secretsFor(name, all), ...process.env };
}
