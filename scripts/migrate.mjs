// Applies every service's committed migrations (creating its role and database when missing) and
// creates the broker's streams, with the admin credentials only this step holds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { envFor, ROOT } from './dev-env.mjs';
import { MIGRATING_SERVICES } from './services.mjs';

const env = await envFor('migrate');
for (const service of MIGRATING_SERVICES) {
  const script = join(ROOT, 'apps', service, 'dist', 'migrate.js');
  if (!existsSync(script)) {
    console.error(`${service}: ${script} is missing; run npm run build first`);
    process.exit(1);
  }
  // Compose and deploy/ give each service's URL as <SERVICE>_DATABASE_URL; locally the defaults apply.
  const ownName = `${service.toUpperCase()}_DATABASE_URL`;
  const ownFile = env[`${ownName}_FILE`];
  const serviceEnv = { ...env };
  if (env[ownName]) serviceEnv.DATABASE_URL = env[ownName];
  else if (ownFile) serviceEnv.DATABASE_URL_FILE = ownFile;
  const result = spawnSync(process.execPath, [script], { env: serviceEnv, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
