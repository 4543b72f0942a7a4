// P5 explained: how much resident memory a bare Node 22 process reaches after importing each
// library the services load, and what RegionDirectory.load() adds. Each figure comes from a
// fresh process (`node --expose-gc`, after a GC). Writes bench/results/p5-memory-breakdown.json.
import { spawnSync } from 'node:child_process';
import { machine, round, writeResult } from './lib.mjs';

const MODULES = [
  null,
  '@nats-io/transport-node',
  '@sinergi/contracts',
  '@mikro-orm/postgresql',
  '@nestjs/core',
  '@nestjs/platform-fastify',
  // '@nestjs/microservices' was measured here until 977f469: request/reply now runs on the
  // runtime's own RpcServer / RpcClient, and the package is no longer installed.
  '@sinergi/runtime',
];

function measure(code) {
  const result = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

const report = `globalThis.gc(); const m = process.memoryUsage(); console.log(JSON.stringify({ rssMiB: m.rss / 2 ** 20, heapMiB: m.heapUsed / 2 ** 20 }));`;
const imports = {};
for (const name of MODULES) {
  const r = measure(`${name ? `await import('${name}');` : ''}${report}`);
  imports[name ?? '(node alone)'] = { rssMiB: round(r.rssMiB), heapMiB: round(r.heapMiB) };
}
const regions = measure(
  `const { RegionDirectory } = await import('@sinergi/runtime'); globalThis.gc(); const a = process.memoryUsage(); RegionDirectory.load(); globalThis.gc(); const b = process.memoryUsage(); console.log(JSON.stringify({ rssMiB: (b.rss - a.rss) / 2 ** 20, heapMiB: (b.heapUsed - a.heapUsed) / 2 ** 20 }));`,
);
const file = writeResult('p5-memory-breakdown', {
  machine: machine(),
  command: 'node bench/p5-memory-breakdown.mjs',
  rssAfterImportMiB: imports,
  regionDirectoryLoadAddsMiB: { rss: round(regions.rssMiB), heap: round(regions.heapMiB) },
});
console.log(`wrote ${file}`);
