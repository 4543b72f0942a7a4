// Writes the broker permissions every environment ships (deploy/base/nats-auth.conf) from
// packages/runtime/src/broker/permissions.ts. A spec fails while the committed file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_CONFIG_FILE, renderAuthConfig } from '@sinergi/runtime';
import { ROOT } from './dev-env.mjs';

writeFileSync(join(ROOT, AUTH_CONFIG_FILE), renderAuthConfig());
console.log(`wrote ${AUTH_CONFIG_FILE}`);
