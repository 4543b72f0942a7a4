// `npm run bench`: the benchmark suite of issues #6 and #8, one script after another (they share
// two cores, so never in parallel), each in its own namespace (its own databases and Redis keys
// on the shared PostgreSQL and Redis, its own nats-server with the shipped permissions), each
// bounded in time. Results: bench/results/*.json; summary: docs/benchmarks.md.
// BENCH_RESULTS_DIR=<dir> sends every result file of a trial run there instead (the committed
// bench/results/ stay as they are) and renders the summary into <dir>/benchmarks.md.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { log, machine, RESULTS, ROOT, round, writeResult } from './lib.mjs';

const STEPS = [
  { name: 'P2 projection ingest', script: 'p2-projection-ingest.mjs', limitS: 240 },
  { name: 'P5 + P4 + P1 on the five services', script: 'p1-p4-p5-stack.mjs', limitS: 360 },
  { name: 'P5 memory breakdown by library', script: 'p5-memory-breakdown.mjs', limitS: 60 },
  // 3 M facts by default (about 2.5 min); 10 M (BENCH_P3_FACTS) about 7 min on a quiet machine.
  {
    name: 'P3 annual report set',
    script: 'p3-annual-report.mjs',
    limitS: Number(process.env.BENCH_P3_FACTS ?? 3_000_000) > 3_000_000 ? 720 : 300,
  },
];
const only = process.argv.slice(2);

function run(step) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bench', step.script)], { stdio: 'inherit', env: process.env });
    const timer = setTimeout(() => {
      log(`${step.name}: over its ${step.limitS} s limit, stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }, step.limitS * 1000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({
        step: step.name,
        script: `bench/${step.script}`,
        exit: signal ?? code,
        seconds: round((performance.now() - started) / 1000, 1),
      });
    });
  });
}

const started = performance.now();
const before = machine();
log(`bench: ${before.nproc} cores, load ${before.loadavg.join(' ')}; results into ${RESULTS}`);
const steps = [];
for (const step of STEPS) {
  if (only.length > 0 && !only.some((o) => step.script.includes(o))) continue;
  log(`bench: ${step.name}`);
  steps.push(await run(step));
}
const seconds = round((performance.now() - started) / 1000, 1);
writeResult('suite', {
  machine: before,
  command: 'npm run bench (bash scripts/infra.sh ensure && turbo run build && node bench/run.mjs)',
  steps,
  benchSeconds: seconds,
  loadavgBefore: before.loadavg,
  loadavgAfter: os.loadavg().map((x) => round(x, 2)),
});
await new Promise((resolve) =>
  spawn(process.execPath, [join(ROOT, 'bench', 'report.mjs')], { stdio: 'inherit' }).once('exit', resolve),
);
log(`bench: done in ${seconds} s`, steps.map((s) => `${s.script}: ${s.exit} in ${s.seconds} s`).join('; '));
process.exit(steps.every((s) => s.exit === 0) ? 0 : 1);
