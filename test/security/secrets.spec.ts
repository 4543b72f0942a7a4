/**
 * A production process refuses to start on a secret anyone who cloned the repository knows:
 * missing, a placeholder, a value this repository has committed, or a database password equal
 * to its role name. Each one is named, and the exit code is 78 (EX_CONFIG), before anything starts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateCallKeys } from '@sinergi/runtime';
import { REPO_ROOT } from '@sinergi/runtime/testing';
import { TEST_JWT_SECRET } from '../support/http.js';

const keys = generateCallKeys('k1');
const committed = {
  JWT_SECRET: 'sinergi-development-secret-change-me-0123456789',
  IDENTITY_KEYS: 'dev1:c2luZXJnaS1kZXYtaWRlbnRpdHkta2V5LTMyLWJ5dGU=',
  IDENTITY_KEY_ID: 'dev1',
  NIK_HASH_KEY: 'c2luZXJnaS1kZXYtbmlrLWhhc2gta2V5LTMyYnl0ZXM=',
};

function boot(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(REPO_ROOT, script)], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('production secrets', () => {
  it.each([
    [
      'rehab',
      {
        ...committed,
        CALLER_KEYS: keys.verifyKey,
        REFERRAL_LINK_KEY: 'REPLACE_ME',
        DATABASE_URL: 'postgres://sinergi_rehab:sinergi_rehab@db:5432/sinergi_rehab',
      },
      [
        'DATABASE_URL: its password equals the role name',
        'NATS_NKEY_SEED: is required in production',
        'IDENTITY_KEYS: is a placeholder or a value committed',
        'NIK_HASH_KEY: is a placeholder or a value committed',
      ],
    ],
    [
      'enforcement',
      {
        CALLER_KEYS: keys.verifyKey,
        DATABASE_URL: 'postgres://sinergi_enforcement:enforcement-dev@db/sinergi_enforcement',
      },
      ['DATABASE_URL: its password is a placeholder or a value committed', 'NATS_NKEY_SEED: is required in production'],
    ],
    ['prevention', { CALLER_KEYS: keys.verifyKey }, ['DATABASE_URL: is required in production']],
    [
      'gateway',
      { JWT_SECRET: TEST_JWT_SECRET, CALLER_SIGNING_KEY: keys.signingKey, JWT_ISSUER: 'x', JWT_AUDIENCE: 'y' },
      ['JWT_SECRET: is a placeholder or a value committed', 'NATS_NKEY_SEED: is required', 'REDIS_URL: is required'],
    ],
    ['gateway', { JWT_SECRET: 'a'.repeat(40), CALLER_SIGNING_KEY: keys.signingKey }, ['JWT_ISSUER', 'JWT_AUDIENCE']],
  ])('%s exits 78 naming each bad secret', (service, env, named) => {
    const result = boot(`apps/${service}/dist/main.js`, env as Record<string, string>);
    expect(result.stderr).toMatch(/invalid configuration/);
    for (const problem of named) expect(result.stderr).toContain(problem);
    expect(result.status).toBe(78);
  });

  it('the migrate step needs the admin credentials, and refuses committed ones', () => {
    const result = boot('apps/reporting/dist/migrate.js', {
      DATABASE_URL: 'postgres://sinergi_reporting:reporting-dev@db/sinergi_reporting',
      DATABASE_ADMIN_URL: 'postgres://postgres:sinergi-dev@db/postgres',
    });
    expect(result.status).toBe(78);
    for (const name of ['DATABASE_URL', 'DATABASE_ADMIN_URL', 'NATS_ADMIN_NKEY_SEED']) {
      expect(result.stderr).toContain(`${name}:`);
    }
  });
});
