// Runs the Jest suite in ESM mode on the repo's own Node 22, then prints one closing line
// "tests: N passed, N failed, N skipped" that CI reads. Extra arguments go to Jest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './dev-env.mjs';

const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
mkdirSync(join(ROOT, '.sinergi'), { recursive: true });
const results = join(ROOT, '.sinergi', `jest-results-${process.pid}.json`);
const args = [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  jest,
  '--config',
  join(ROOT, 'jest.config.mjs'),
  '--json',
  '--outputFile',
  results,
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: ROOT });
if (existsSync(results)) {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  rmSync(results, { force: true });
  const failedSuites = summary.numFailedTestSuites;
  console.log(
    `\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped` +
      (summary.numRuntimeErrorTestSuites > 0 ? ` (${summary.numRuntimeErrorTestSuites} suites failed to run)` : ''),
  );
  if (failedSuites > 0 && summary.numFailedTests === 0) console.log(`suites failed: ${failedSuites}`);
}
process.exit(run.status ?? 1);
