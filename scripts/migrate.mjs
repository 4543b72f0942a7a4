// Applies every service's committed migrations (creating its role and database when missing).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { localEnv, ROOT } from './dev-env.mjs';
import { MIGRATING_SERVICES } from './services.mjs';

const env = localEnv();
for (const service of MIGRATING_SERVICES) {
  const script = join(ROOT, 'apps', service, 'dist', 'migrate.js');
  if (!existsSync(script)) {
    console.error(`${service}: ${script} is missing; run npm run build first`);
    process.exit(1);
  }
  // Compose gives each service's URL as <SERVICE>_DATABASE_URL; locally the defaults apply.
  const own = env[`${service.toUpperCase()}_DATABASE_URL`];
  const serviceEnv = own ? { ...env, DATABASE_URL: own } : env;
  const result = spawnSync(process.execPath, [script], { env: serviceEnv, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
