// Runs a built script with the local development environment (.sinergi/dev.env), e.g. the rebuild.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { localEnv, ROOT } from './dev-env.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/with-dev-env.mjs <script> [args...]');
  process.exit(2);
}
const result = spawnSync(process.execPath, [join(ROOT, script), ...args], { env: localEnv(), stdio: 'inherit' });
process.exit(result.status ?? 1);
