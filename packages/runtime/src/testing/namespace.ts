import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { generateCallKeys } from '../broker/caller.js';
import type { BrokerUser } from '../broker/permissions.js';
import { dropDatabase } from '../database.js';
import { NatsNames } from '../names.js';
import { serviceProcessEnv } from '../node-options.js';
import { TestBroker, type TestCertificates } from './broker.js';
import { migrateService } from './processes.js';

export const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The issuer and audience test tokens carry and test gateways check (test/support/http.ts). */
export const TEST_ISSUER = 'sinergi-test';
export const TEST_AUDIENCE = 'sinergi-api';

type ServiceUser = Exclude<BrokerUser, 'admin'>;

/**
 * One test run's own corner of the machine: databases `sinergi_<id>_<service>`, Redis keys under
 * `sinergi-<id>`, and a broker of its own running the shipped permissions with nkeys, call keys
 * and secrets made for this run. `start()` starts the broker; `cleanup()` removes all of it, so
 * runs pass twice in a row and beside a running stack.
 */
export class TestNamespace {
  readonly id: string;
  readonly redisPrefix: string;
  /** The broker is the namespace's own: names carry no prefix, exactly as in production. */
  readonly names = new NatsNames('');
  readonly broker: TestBroker;
  readonly callKeys = generateCallKeys('test1');
  readonly referralLinkKey = randomBytes(32).toString('base64');

  constructor(label = 't', options: { tls?: TestCertificates } = {}) {
    this.id = `${label}${randomBytes(4).toString('hex')}`;
    this.redisPrefix = `sinergi-${this.id}`;
    this.broker = new TestBroker(undefined, options.tls);
  }

  /** Starts the broker (idempotent while it runs). */
  async start(): Promise<void> {
    await this.broker.resume();
  }

  databaseUrl(service: string): string {
    const name = `sinergi_${this.id}_${service}`;
    return `postgres://${name}:${name}@127.0.0.1:5432/${name}`;
  }

  /** Environment for a service process of this namespace: its own credentials and nothing else's. */
  env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    const own: Record<string, string> =
      service === 'gateway'
        ? {
            CALLER_SIGNING_KEY: this.callKeys.signingKey,
            JWT_ISSUER: TEST_ISSUER,
            JWT_AUDIENCE: TEST_AUDIENCE,
            // Any free port: several test gateways, and a running stack, each have their own.
            METRICS_PORT: '0',
          }
        : {
            DATABASE_URL: this.databaseUrl(service),
            CALLER_KEYS: this.callKeys.verifyKey,
            ...(service === 'rehab' || service === 'reporting' ? { REFERRAL_LINK_KEY: this.referralLinkKey } : {}),
          };
    return {
      NODE_ENV: 'test',
      // NODE_OPTIONS and MALLOC_ARENA_MAX as the stack and the images run services (node-options.ts).
      ...serviceProcessEnv(),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      ...this.broker.env(service as ServiceUser),
      NATS_PREFIX: '',
      REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      PORT: '0',
      ...own,
      ...extra,
    };
  }

  /** The migrate step's environment: the admin URLs only it holds. */
  migrateEnv(service: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...this.broker.env('admin'),
      DATABASE_URL: this.databaseUrl(service),
      DATABASE_ADMIN_URL: ADMIN_URL,
      ...extra,
    };
  }

  /** Runs each service's migrate command: its database, and the broker's streams. */
  migrate(services: readonly string[]): void {
    for (const service of services) migrateService(service, this.migrateEnv(service));
  }

  async cleanup(services: string[]): Promise<void> {
    for (const service of services) {
      await dropDatabase({ url: this.databaseUrl(service), adminUrl: ADMIN_URL }).catch(() => undefined);
    }
    await this.broker.stop().catch(() => undefined);
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.redisPrefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } catch {
      // Redis is optional for some suites.
    } finally {
      redis.disconnect();
    }
  }
}
