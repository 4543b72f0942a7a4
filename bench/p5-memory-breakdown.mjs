// P5 explained: how much resident memory a bare Node 22 process reaches after importing each
// library the services load, what RegionDirectory.load() adds, what MikroORM's migrator adds at
// runtime, what the semi-space size costs an idle process, and that V8 keeps its heap's
// high-water mark resident after the garbage is collected. Each figure comes from a fresh
// process (`node --expose-gc`, after a GC), with Node's defaults and with the flags the services
// run with (packages/runtime/src/node-options.ts). Writes bench/results/p5-memory-breakdown.json.
import { spawnSync } from 'node:child_process';
import { SERVICE_MALLOC_ARENA_MAX, SERVICE_NODE_OPTIONS } from '@sinergi/runtime';
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
const SERVICE_FLAGS = SERVICE_NODE_OPTIONS.split(' ');

function measure(code, flags = [], env = {}) {
  const result = spawnSync(process.execPath, ['--expose-gc', ...flags, '--input-type=module', '-e', code], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

// What one process holds: resident (anonymous + file-backed: the node binary's pages), V8's
// committed heap and its new space (the semi-spaces), and what V8 says it uses.
const probe = `
  const { readFileSync } = await import('node:fs');
  const v8 = await import('node:v8');
  const mib = (b) => b / 2 ** 20;
  globalThis.snapshot = () => {
    globalThis.gc();
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (k) => Number(new RegExp(k + ':\\\\s+(\\\\d+)').exec(status)[1]) * 1024;
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]));
    return {
      rssMiB: mib(kib('VmRSS')), anonMiB: mib(kib('RssAnon')), fileMiB: mib(kib('RssFile')),
      heapCommittedMiB: mib(v8.getHeapStatistics().total_physical_size), newSpaceMiB: mib(spaces.new_space),
      heapUsedMiB: mib(process.memoryUsage().heapUsed),
    };
  };`;
const rounded = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));

const imports = {};
for (const name of MODULES) {
  const code = `${probe} ${name ? `await import('${name}');` : ''} console.log(JSON.stringify(snapshot()));`;
  const plain = measure(code);
  const flagged = measure(code, SERVICE_FLAGS);
  imports[name ?? '(node alone)'] = {
    rssMiB: round(plain.rssMiB),
    heapMiB: round(plain.heapUsedMiB),
    newSpaceMiB: round(plain.newSpaceMiB),
    withServiceFlags: { rssMiB: round(flagged.rssMiB), newSpaceMiB: round(flagged.newSpaceMiB) },
  };
}

// RegionDirectory.load(): 91,600 regions in packed strings (until this change: maps of names
// and child lists, +20.9 MiB resident / +16.3 MiB heap in the committed run of 6666fcf).
const regions = measure(
  `${probe} const { RegionDirectory } = await import('@sinergi/runtime'); const a = snapshot(); const t = performance.now(); RegionDirectory.load(); const ms = performance.now() - t; const b = snapshot(); console.log(JSON.stringify({ rss: b.rssMiB - a.rssMiB, heap: b.heapUsedMiB - a.heapUsedMiB, loadMs: ms }));`,
  SERVICE_FLAGS,
);

// What MikroORM's migrator costs a running service: importing @mikro-orm/migrations (and
// MikroORM.init registering it, which init does by itself whenever the package is installed, as
// it is for the migrate step) on top of the driver; median of three fresh processes each.
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ormCost = (withMigrator) => {
  const runs = [1, 2, 3].map(() =>
    measure(
      `${probe} await import('reflect-metadata'); const { MikroORM } = await import('@mikro-orm/postgresql'); ${withMigrator ? "const { Migrator } = await import('@mikro-orm/migrations');" : ''}
       const { ReflectMetadataProvider } = await import('@mikro-orm/decorators/legacy');
       const orm = new MikroORM({ clientUrl: 'postgres://x:x@127.0.0.1:1/x', entities: [], discovery: { warnWhenNoEntities: false }, metadataProvider: ReflectMetadataProvider, extensions: ${withMigrator ? '[Migrator]' : '[]'} });
       const s = snapshot(); await orm.close(); console.log(JSON.stringify(s));`,
      SERVICE_FLAGS,
    ),
  );
  return { rss: median(runs.map((r) => r.rssMiB)), heap: median(runs.map((r) => r.heapUsedMiB)) };
};
const withMigrator = ormCost(true);
const withoutMigrator = ormCost(false);

// An idle service's shape (runtime imported, directory loaded) by semi-space size.
const semiSpace = {};
for (const size of [null, 1, 2, 4, 8]) {
  const r = measure(
    `${probe} const { RegionDirectory } = await import('@sinergi/runtime'); RegionDirectory.load(); console.log(JSON.stringify(snapshot()));`,
    size ? [`--max-semi-space-size=${size}`] : [],
  );
  semiSpace[size ? `--max-semi-space-size=${size}` : '(default: 16)'] = {
    rssMiB: round(r.rssMiB),
    newSpaceMiB: round(r.newSpaceMiB),
  };
}

// The high-water mark stays: garbage that survives two scavenges (a sliding window of 100,000
// live objects, ~60 MiB, while 2 M are allocated), then a full GC. V8 returns the pages to its
// own pool, not to the system, so the resident set stays near the heap's peak.
const retention = {};
const churn = `${probe}
  let keep = [];
  let peak = 0;
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 50000; i++) keep.push({ a: 'x'.repeat(20) + i, b: [i, i + 1, i + 2] });
    if (keep.length > 200000) keep = keep.slice(-100000);
    peak = Math.max(peak, (await import('node:v8')).getHeapStatistics().total_physical_size / 2 ** 20);
    await new Promise((r) => setImmediate(r));
  }
  keep = null;
  const after = snapshot();
  console.log(JSON.stringify({ heapCommittedPeakMiB: peak, ...after }));`;
for (const [label, flags, env] of [
  ['node defaults', [], {}],
  [`${SERVICE_NODE_OPTIONS} MALLOC_ARENA_MAX=${SERVICE_MALLOC_ARENA_MAX}`, SERVICE_FLAGS, { MALLOC_ARENA_MAX: '2' }],
]) {
  const r = measure(churn, flags, env);
  retention[label] = {
    heapCommittedPeakMiB: round(r.heapCommittedPeakMiB),
    afterFullGc: rounded({ rssMiB: r.rssMiB, heapCommittedMiB: r.heapCommittedMiB, heapUsedMiB: r.heapUsedMiB }),
  };
}

const file = writeResult('p5-memory-breakdown', {
  machine: machine(),
  command: 'node bench/p5-memory-breakdown.mjs',
  serviceNodeOptions: SERVICE_NODE_OPTIONS,
  rssAfterImportMiB: imports,
  regionDirectoryLoadAddsMiB: {
    rss: round(regions.rss),
    heap: round(regions.heap),
    loadMs: Math.round(regions.loadMs),
  },
  migratorAtRuntimeAddsMiB: {
    what: 'a MikroORM (PostgreSQL driver) with @mikro-orm/migrations imported and registered, minus one without, service flags, median of 3 processes each',
    rss: round(withMigrator.rss - withoutMigrator.rss),
    heap: round(withMigrator.heap - withoutMigrator.heap),
  },
  idleBySemiSpaceMiB: semiSpace,
  heapHighWaterStaysResident: {
    what: 'promoted garbage (a 100,000-object live window over 2 M allocations), then a full GC: the resident set after it, against the committed heap at its peak and after',
    ...retention,
  },
});
console.log(`wrote ${file}`);
