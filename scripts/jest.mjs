// A package's own `npm test`: the root Jest config limited to this package's folder.
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { ROOT } from './dev-env.mjs';

const folder = relative(ROOT, process.cwd());
const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'test.mjs'), folder, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: ROOT,
});
process.exit(result.status ?? 1);
