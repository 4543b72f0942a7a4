// Local development secrets: created once per clone in .sinergi/dev.env (git-ignored), so
// `npm run stack` and `npm run token` agree on JWT_SECRET and rehab has its identity keys.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILE = join(ROOT, '.sinergi', 'dev.env');

export function devSecrets() {
  // Production takes its secrets from the environment only; nothing is generated or written.
  if (process.env.NODE_ENV === 'production') return {};
  if (!existsSync(FILE)) {
    mkdirSync(dirname(FILE), { recursive: true });
    const lines = [
      `JWT_SECRET=${randomBytes(32).toString('base64url')}`,
      `IDENTITY_KEYS=dev1:${randomBytes(32).toString('base64')}`,
      'IDENTITY_KEY_ID=dev1',
      `NIK_HASH_KEY=${randomBytes(32).toString('base64')}`,
    ];
    writeFileSync(FILE, `${lines.join('\n')}\n`, { mode: 0o600 });
  }
  return Object.fromEntries(
    readFileSync(FILE, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** The environment for local runs: dev secrets, overridden by anything already set. */
export function localEnv() {
  return { ...devSecrets(), ...process.env };
}
