import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { dropDatabase } from '../database.js';
import { NatsNames } from '../names.js';

export const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * One test run's own corner of the shared servers: databases `sinergi_<id>_<service>`, NATS
 * names under `<id>.`, Redis keys under `sinergi-<id>`. `cleanup()` removes all of it, so runs
 * pass twice in a row and beside a running stack.
 */
export class TestNamespace {
  readonly id: string;
  readonly natsPrefix: string;
  readonly redisPrefix: string;
  readonly names: NatsNames;

  constructor(label = 't') {
    this.id = `${label}${randomBytes(4).toString('hex')}`;
    this.natsPrefix = `${this.id}.`;
    this.redisPrefix = `sinergi-${this.id}`;
    this.names = new NatsNames(this.natsPrefix);
  }

  databaseUrl(service: string): string {
    const name = `sinergi_${this.id}_${service}`;
    return `postgres://${name}:${name}@127.0.0.1:5432/${name}`;
  }

  /** Environment for a service process of this namespace. */
  env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      NATS_URL,
      NATS_PREFIX: this.natsPrefix,
      DATABASE_URL: this.databaseUrl(service),
      DATABASE_ADMIN_URL: ADMIN_URL,
      REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      PORT: '0',
      ...extra,
    };
  }

  async cleanup(services: string[], natsUrl = NATS_URL): Promise<void> {
    for (const service of services) {
      await dropDatabase({ url: this.databaseUrl(service), adminUrl: ADMIN_URL }).catch(() => undefined);
    }
    await deleteStreams(natsUrl, this.names).catch(() => undefined);
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

async function deleteStreams(natsUrl: string, names: NatsNames): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 2000 });
  try {
    const jsm = await jetstreamManager(nc);
    const token = names.stream('rehab').replace(/REHAB$/, '');
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(token)) await jsm.streams.delete(stream.config.name);
    }
  } finally {
    await nc.close();
  }
}
