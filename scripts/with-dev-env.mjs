// Runs a built script as one local process with its own secrets (.sinergi/dev.env), e.g. the
// rebuild as reporting: node scripts/with-dev-env.mjs reporting apps/reporting/dist/rebuild.js
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { envFor, ROOT } from './dev-env.mjs';

const [owner, script, ...args] = process.argv.slice(2);
if (!owner || !script) {
  console.error('usage: node scripts/with-dev-env.mjs <process> <script> [args...]');
  process.exit(2);
}
const result = spawnSync(process.execPath, [join(ROOT, script), ...args], {
  env: await envFor(owner),
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
