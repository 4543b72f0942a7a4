// Runs the Jest suite in ESM mode on the repo's own Node 22. Extra arguments go to Jest.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './dev-env.mjs';

const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const args = [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  jest,
  '--config',
  join(ROOT, 'jest.config.mjs'),
  ...process.argv.slice(2),
];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: ROOT });
process.exit(result.status ?? 1);
