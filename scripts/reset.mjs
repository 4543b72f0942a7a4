// Resets the local stack's data: every service's database and role, the broker's stored streams,
// and the Redis keys under the stack's prefix, so the next `npm run stack` migrates afresh and
// loads the demo again. Run it with the stack stopped; it touches nothing of a test run (their
// databases are sinergi_<run id>_<service>, their Redis keys sinergi-<run id>:…).
import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './dev-env.mjs';
import { MIGRATING_SERVICES } from './services.mjs';

const { dropDatabase, LOCAL_NATS_URL } = await import('@sinergi/runtime');
const { Redis } = await import('ioredis');

const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = process.env.REDIS_PREFIX ?? 'sinergi';

function portOpen(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

if (await portOpen(process.env.NATS_URL ?? LOCAL_NATS_URL)) {
  console.error("the stack's broker is running: stop `npm run stack` first, then reset");
  process.exit(1);
}

for (const service of MIGRATING_SERVICES) {
  const role = `sinergi_${service}`;
  await dropDatabase({ url: `postgres://${role}:${role}@127.0.0.1:5432/${role}`, adminUrl: ADMIN_URL });
  console.log(`dropped database and role ${role}`);
}

const store = join(ROOT, '.sinergi', 'nats', 'store');
if (existsSync(store)) rmSync(store, { recursive: true, force: true });
console.log(`removed the broker's streams (${store})`);

const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
let removed = 0;
try {
  await redis.connect();
  let cursor = '0';
  // Bounded: a local stack holds some thousands of keys; stop after a million in any case.
  for (let round = 0; round < 1000; round++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
    if (keys.length > 0) removed += await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  console.log(`removed ${removed} Redis keys under ${PREFIX}:`);
} catch (error) {
  console.error(`Redis at ${REDIS_URL}: ${error.message}`);
  process.exitCode = 1;
} finally {
  redis.disconnect();
}
