import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCallKeys } from './broker/caller.js';
import { ConfigError, parseConfig, SERVICE_SECRETS, serviceEnvSchema } from './config.js';
import { NatsNames } from './names.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

const CALLER_KEYS = generateCallKeys('t1').verifyKey;
const SEED = 'SUACSSL3UAHUDXKFSNVUZRF5UHPMWZ6BFDTJ7M6USDXIEDNPPQYYYCU3VY';

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('fills local defaults', () => {
    const config = parseConfig(serviceEnvSchema('rehab'), { CALLER_KEYS });
    expect(config.PORT).toBe(3001);
    expect(config.DATABASE_URL).toBe('postgres://sinergi_rehab:sinergi_rehab@127.0.0.1:5432/sinergi_rehab');
    expect(config.NATS_PREFIX).toBe('');
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      parseConfig(serviceEnvSchema('rehab'), {
        CALLER_KEYS,
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        NATS_PREFIX: 'No Dots',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/PORT/);
    expect((error as Error).message).toMatch(/DATABASE_URL/);
    expect((error as Error).message).toMatch(/NATS_PREFIX/);
  });
});

describe('production secrets', () => {
  const production = { NODE_ENV: 'production', CALLER_KEYS, NATS_NKEY_SEED: SEED };

  it('starts with its own secrets', () => {
    const config = parseConfig(
      serviceEnvSchema('prevention'),
      { ...production, DATABASE_URL: 'postgres://sinergi_prevention:x7Gq9kLm2PzR@db:5432/sinergi_prevention' },
      SERVICE_SECRETS,
    );
    expect(config.NODE_ENV).toBe('production');
  });

  it('names a missing secret, a password equal to the role, a committed value and a placeholder, each', () => {
    const message = configError(() =>
      parseConfig(
        serviceEnvSchema('rehab'),
        {
          NODE_ENV: 'production',
          CALLER_KEYS,
          DATABASE_URL: 'postgres://sinergi_rehab:sinergi_rehab@db:5432/sinergi_rehab',
        },
        [...SERVICE_SECRETS, 'JWT_SECRET', 'NIK_HASH_KEY'],
      ),
    );
    expect(message).toMatch(/DATABASE_URL: its password equals the role name "sinergi_rehab"/);
    expect(message).toMatch(/NATS_NKEY_SEED: is required in production/);
    expect(message).toMatch(/JWT_SECRET: is required in production/);

    const committed = configError(() =>
      parseConfig(
        serviceEnvSchema('rehab'),
        {
          ...production,
          DATABASE_URL: 'postgres://sinergi_rehab:rehab-dev@db:5432/sinergi_rehab',
          JWT_SECRET: 'sinergi-development-secret-change-me-0123456789',
          NIK_HASH_KEY: 'REPLACE_ME',
        },
        [...SERVICE_SECRETS, 'JWT_SECRET', 'NIK_HASH_KEY'],
      ),
    );
    expect(committed).toMatch(/DATABASE_URL: its password is a placeholder or a value committed/);
    expect(committed).toMatch(/JWT_SECRET: is a placeholder or a value committed/);
    expect(committed).toMatch(/NIK_HASH_KEY: is a placeholder or a value committed/);
  });

  it('checks each key of a list: one committed identity key is enough to refuse', () => {
    const message = configError(() =>
      parseConfig(
        serviceEnvSchema('enforcement'),
        {
          ...production,
          DATABASE_URL: 'postgres://sinergi_enforcement:Zq81mNv0@db:5432/sinergi_enforcement',
          IDENTITY_KEYS: 'new:abc,dev1:c2luZXJnaS1kZXYtaWRlbnRpdHkta2V5LTMyLWJ5dGU=',
        },
        [...SERVICE_SECRETS, 'IDENTITY_KEYS'],
      ),
    );
    expect(message).toMatch(/IDENTITY_KEYS: is a placeholder or a value committed/);
  });

  it('outside production it asks for none of them', () => {
    expect(parseConfig(serviceEnvSchema('rehab'), { CALLER_KEYS }, SERVICE_SECRETS).NODE_ENV).toBe('development');
  });

  it('reads X from X_FILE, and names an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sinergi-secret-'));
    writeFileSync(join(dir, 'seed'), `${SEED}\n`);
    const config = parseConfig(
      serviceEnvSchema('prevention'),
      {
        ...production,
        NATS_NKEY_SEED: undefined,
        NATS_NKEY_SEED_FILE: join(dir, 'seed'),
        DATABASE_URL: 'postgres://sinergi_prevention:x7Gq9kLm2PzR@db:5432/sinergi_prevention',
      },
      SERVICE_SECRETS,
    );
    expect(config.NATS_NKEY_SEED).toBe(SEED);
    const message = configError(() =>
      parseConfig(
        serviceEnvSchema('prevention'),
        { ...production, CALLER_KEYS: undefined, CALLER_KEYS_FILE: join(dir, 'missing') },
        SERVICE_SECRETS,
      ),
    );
    expect(message).toMatch(/CALLER_KEYS: CALLER_KEYS_FILE \(.*missing\) cannot be read/);
  });
});

describe('NATS names', () => {
  it('uses plain names without a prefix', () => {
    const names = new NatsNames('');
    expect(names.subject('rehab.client.admitted.v1')).toBe('rehab.client.admitted.v1');
    expect(names.stream('rehab')).toBe('REHAB');
    expect(names.durable('reporting', 'rehab')).toBe('reporting_from_rehab');
  });

  it('namespaces everything under a prefix', () => {
    const names = new NatsNames('t1a2b.');
    expect(names.subject('rehab.client.admitted.v1')).toBe('t1a2b.rehab.client.admitted.v1');
    expect(names.unprefixed('t1a2b.rehab.client.admitted.v1')).toBe('rehab.client.admitted.v1');
    expect(names.stream('rehab')).toBe('T1A2B_REHAB');
    expect(names.durable('reporting', 'rehab')).toBe('t1a2b_reporting_from_rehab');
    expect(names.deadLetterSubject('reporting', 'rehab.client.admitted.v1')).toBe(
      't1a2b.dlq.reporting.rehab.client.admitted.v1',
    );
  });
});

describe('cursors', () => {
  it('round-trips and pages', () => {
    // Ids are uuids, as every list's rows have: a cursor naming anything else is refused.
    const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const rows = [1, 2, 3].map((n) => ({ id: id(n), createdAt: new Date(2024, 0, n) }));
    const page = toPage(rows, 2, (r) => r.id);
    expect(page.items).toEqual([id(1), id(2)]);
    expect(decodeCursor(page.nextCursor ?? undefined)).toEqual({
      createdAt: rows[1]?.createdAt.toISOString(),
      id: id(2),
    });
    expect(toPage(rows, 3, (r) => r.id).nextCursor).toBeNull();
    expect(decodeCursor(encodeCursor({ id: id(9), createdAt: '2024-01-01T00:00:00.000Z' }))?.id).toBe(id(9));
    expect(() => decodeCursor(encodeCursor({ id: 'x', createdAt: '2024-01-01T00:00:00.000Z' }))).toThrow(/cursor/);
  });

  it('rejects a forged cursor as a 400', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(/cursor/);
  });
});
