import { readFileSync } from 'node:fs';

/**
 * Secrets a deployment must bring itself. In production a service refuses to start when one is
 * missing, is a placeholder, or is a value this repository has ever committed (defaults once in
 * docker-compose.yml, the tests' fixed secrets): anyone who cloned the repository knows those.
 * docs/security.md lists each service's secrets and how they rotate.
 */
export const COMMITTED_SECRETS: ReadonlySet<string> = new Set([
  // docker-compose.yml's former fall-backs.
  'sinergi-development-secret-change-me-0123456789',
  'c2luZXJnaS1kZXYtaWRlbnRpdHkta2V5LTMyLWJ5dGU=',
  'c2luZXJnaS1kZXYtbmlrLWhhc2gta2V5LTMyYnl0ZXM=',
  'sinergi-dev',
  'rehab-dev',
  'enforcement-dev',
  'prevention-dev',
  'reporting-dev',
  // test/support/http.ts
  'test-secret-that-is-at-least-32-characters-long',
  // deploy/base/secrets.example.yaml
  'REPLACE_ME',
]);

const PLACEHOLDER = /REPLACE_ME|CHANGE_ME|changeme|example\.invalid/i;

/** `X_FILE=/run/secrets/x` stands for `X`: the file's content, as Docker and Kubernetes mount secrets. */
export function resolveSecretFiles(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const resolved = { ...env };
  for (const [name, path] of Object.entries(env)) {
    if (!name.endsWith('_FILE') || !path) continue;
    const target = name.slice(0, -'_FILE'.length);
    if (resolved[target] !== undefined && resolved[target] !== '') continue;
    try {
      resolved[target] = readFileSync(path, 'utf8').trim();
    } catch {
      resolved[target] = undefined;
      resolved[`${target}__unreadable`] = path;
    }
  }
  return resolved;
}

/** The parts of a secret worth comparing: `k1:<key>,k2:<key>` lists are checked key by key. */
function materials(value: string): string[] {
  const parts = value.split(',').map((part) => part.trim());
  return [value, ...parts, ...parts.map((part) => part.slice(part.indexOf(':') + 1))].filter(Boolean);
}

export function knownSecret(value: string): boolean {
  return materials(value).some((part) => COMMITTED_SECRETS.has(part) || PLACEHOLDER.test(part));
}

/**
 * What is wrong with the secrets a production process was given, one line per variable: missing,
 * unreadable `_FILE`, placeholder, committed, or a database password equal to its role name.
 */
export function productionSecretProblems(
  env: Record<string, string | undefined>,
  secrets: readonly string[],
): Array<{ name: string; message: string }> {
  const problems: Array<{ name: string; message: string }> = [];
  for (const name of secrets) {
    const value = env[name];
    if (env[`${name}__unreadable`]) {
      problems.push({ name, message: `${name}_FILE (${env[`${name}__unreadable`]}) cannot be read` });
    } else if (!value) {
      problems.push({ name, message: 'is required in production' });
    } else if (/_URL$/.test(name)) {
      problems.push(...urlPasswordProblems(name, value));
    } else if (knownSecret(value)) {
      problems.push({ name, message: 'is a placeholder or a value committed to the repository: generate a new one' });
    }
  }
  return problems;
}

function urlPasswordProblems(name: string, value: string): Array<{ name: string; message: string }> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return []; // the schema names a malformed URL itself
  }
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!password) return [{ name, message: 'has no password' }];
  if (password === user) return [{ name, message: `its password equals the role name "${user}"` }];
  if (knownSecret(password)) {
    return [{ name, message: 'its password is a placeholder or a value committed to the repository' }];
  }
  return [];
}
