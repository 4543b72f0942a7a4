// The secrets of one Sinergi installation, generated once and handed to each process as only
// what it needs (docs/security.md has the table). Used for the local stack (.sinergi/dev.env,
// through dev-env.mjs) and by docker-compose.yml's one-shot `secrets` step:
//   node scripts/secrets.mjs init <dir>   writes <dir>/<process>/<VARIABLE> files, once.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Broker users (packages/runtime/src/broker/permissions.ts). */
const BROKER_USERS = ['gateway', 'rehab', 'enforcement', 'prevention', 'reporting', 'admin'];
const key32 = () => randomBytes(32).toString('base64');

/** A full set, as flat variables: one nkey seed per broker user under NATS_NKEY_SEED_<USER>. */
export async function generateSecrets() {
  const { generateCallKeys, generateBrokerIdentities } = await import('@sinergi/runtime');
  const call = generateCallKeys('gw1');
  const broker = generateBrokerIdentities();
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    IDENTITY_KEYS: `k1:${key32()}`,
    IDENTITY_KEY_ID: 'k1',
    NIK_HASH_KEY: key32(),
    REFERRAL_LINK_KEY: key32(),
    CALLER_SIGNING_KEY: call.signingKey,
    CALLER_KEYS: call.verifyKey,
  };
  for (const user of BROKER_USERS) {
    secrets[`NATS_NKEY_SEED_${user.toUpperCase()}`] = broker.seeds[user];
    secrets[`SINERGI_NKEY_${user.toUpperCase()}`] = broker.publicKeys[user];
  }
  return secrets;
}

/** Every variable a full set has. */
export const SECRET_NAMES = [
  'JWT_SECRET',
  'IDENTITY_KEYS',
  'IDENTITY_KEY_ID',
  'NIK_HASH_KEY',
  'REFERRAL_LINK_KEY',
  'CALLER_SIGNING_KEY',
  'CALLER_KEYS',
  ...BROKER_USERS.flatMap((user) => [`NATS_NKEY_SEED_${user.toUpperCase()}`, `SINERGI_NKEY_${user.toUpperCase()}`]),
];

/** Which process gets which secret, under the name it reads. */
const OWN = {
  gateway: ['JWT_SECRET', 'CALLER_SIGNING_KEY'],
  rehab: ['CALLER_KEYS', 'IDENTITY_KEYS', 'IDENTITY_KEY_ID', 'NIK_HASH_KEY', 'REFERRAL_LINK_KEY'],
  enforcement: ['CALLER_KEYS'],
  prevention: ['CALLER_KEYS'],
  reporting: ['CALLER_KEYS', 'REFERRAL_LINK_KEY'],
  // The demo loader and `npm run token` sign local HS256 tokens.
  demo: ['JWT_SECRET'],
  migrate: [],
  nats: BROKER_USERS.map((user) => `SINERGI_NKEY_${user.toUpperCase()}`),
};

export const PROCESSES = Object.keys(OWN);

export function secretsFor(process, all) {
  const env = Object.fromEntries(OWN[process].filter((name) => all[name]).map((name) => [name, all[name]]));
  const seed = process === 'migrate' ? all.NATS_NKEY_SEED_ADMIN : all[`NATS_NKEY_SEED_${process.toUpperCase()}`];
  if (seed && process !== 'demo' && process !== 'nats') {
    env[process === 'migrate' ? 'NATS_ADMIN_NKEY_SEED' : 'NATS_NKEY_SEED'] = seed;
  }
  return env;
}

export function parseEnvFile(text) {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** Writes each process's secrets as files under <dir>/<process>/, keeping a set that is there already. */
export async function initSecretsDir(dir) {
  const allFile = join(dir, 'all.env');
  const done = existsSync(allFile);
  const all = done ? parseEnvFile(readFileSync(allFile, 'utf8')) : await generateSecrets();
  for (const process of PROCESSES) {
    const target = join(dir, process);
    mkdirSync(target, { recursive: true, mode: 0o700 });
    const env = secretsFor(process, all);
    for (const [name, value] of Object.entries(env)) writeFileSync(join(target, name), value, { mode: 0o600 });
    // For shells (nats-server's entrypoint): `set -a; . <dir>/<process>/env`.
    writeFileSync(
      join(target, 'env'),
      `${Object.entries(env)
        .map(([name, value]) => `${name}=${value}`)
        .join('\n')}\n`,
      { mode: 0o600 },
    );
  }
  if (!done) {
    writeFileSync(
      allFile,
      `${Object.entries(all)
        .map(([name, value]) => `${name}=${value}`)
        .join('\n')}\n`,
      { mode: 0o600 },
    );
  }
  return { created: !done };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, dir] = process.argv.slice(2);
  if (command !== 'init' || !dir) {
    console.error('usage: node scripts/secrets.mjs init <dir>');
    process.exit(2);
  }
  const { created } = await initSecretsDir(dir);
  console.log(created ? `secrets generated in ${dir}` : `secrets already in ${dir}; kept`);
}
