// Renders docs/benchmarks.md from bench/results/*.json and the hand-written bench/analysis.md.
// `npm run bench` calls it at the end; `node bench/report.mjs` re-renders from committed results.
// With BENCH_RESULTS_DIR (a trial run's results elsewhere) it reads that directory and writes
// <dir>/benchmarks.md, leaving docs/benchmarks.md alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const RESULTS = process.env.BENCH_RESULTS_DIR ? resolve(process.env.BENCH_RESULTS_DIR) : join(ROOT, 'bench', 'results');
const OUTPUT = process.env.BENCH_RESULTS_DIR ? join(RESULTS, 'benchmarks.md') : join(ROOT, 'docs', 'benchmarks.md');
const read = (name) => {
  const file = join(RESULTS, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};
const suite = read('suite');
const p1 = read('p1-freshness');
const p2 = read('p2-projection-ingest');
const p3 = read('p3-annual-report');
const p3full = read('p3-annual-report-10m');
const p4 = read('p4-gateway-read');
const p5 = read('p5-startup-memory');
const n = (x, digits = 0) =>
  x === null || x === undefined
    ? '–'
    : Number(x).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const s = (ms, digits = 1) => (ms === null || ms === undefined ? '–' : `${n(ms / 1000, digits)} s`);
const ok = (met) => (met === undefined || met === null ? '–' : met ? '**met**' : '**missed**');

const rows = [];
if (p1)
  rows.push([
    `P1 freshness: commit → live indicator (gateway), at 1,000 events/s for ${p1.loadSeconds} s${p1.warmupSeconds ? ` after ${p1.warmupSeconds} s of the same load` : ''}`,
    'p99 ≤ 1 s',
    `p50 ${n(p1.freshnessMs.p50)} ms, p99 ${n(p1.freshnessMs.p99)} ms (${p1.probes} probes, ${n(p1.achievedRate)} events/s achieved)`,
    `raw JetStream publish → raw consumer: p50 ${n(p1.baseline.ms.p50, 2)} ms, p99 ${n(p1.baseline.ms.p99, 2)} ms`,
    `p99 ${n(p1.ratioP99)}× the floor`,
    ok(p1.met),
  ]);
if (p2)
  rows.push([
    `P2 projection ingest, ${n(p2.events)} ${p2.projection.eventType ?? 'rehab.client.admitted.v1'}`,
    '≥ 50 % of raw',
    `${n(p2.projection.perSecond)} events/s`,
    `raw pull fetch + ack: ${n(p2.baseline.perSecond)} msg/s${p2.baselineAsReporting ? ` (as broker user reporting: ${n(p2.baselineAsReporting.perSecond)})` : ''}`,
    `${n(p2.ratio * 100, 1)} %`,
    ok(p2.met),
  ]);
for (const [label, r] of [
  ['', p3],
  [' (separate run)', p3full],
]) {
  if (!r) continue;
  const facts = `${n(r.facts / 1e6, 1)} M facts${r.scaled ? ', scaled down' : ''}`;
  rows.push([
    `P3 annual report set (ID + 38 + 514 = ${r.annualSet.reports} reports), ${facts}${label}`,
    '≤ 2× one GROUP BY',
    s(r.annualSet.ms),
    `one GROUP BY pass + roll-up: ${s(r.baseline.ms)}`,
    `${n(r.ratio, 1)}×`,
    ok(r.met),
  ]);
  rows.push([
    `Regency report latency (${r.singleReport.regencyMs.n} regencies), ${facts}${label}`,
    'p95 ≤ 200 ms',
    `p50 ${n(r.singleReport.regencyMs.p50)} ms, p95 ${n(r.singleReport.regencyMs.p95)} ms`,
    r.singleReport.regencyBaselineMs
      ? `totals query per regency: p95 ${n(r.singleReport.regencyBaselineMs.p95, 1)} ms`
      : '–',
    r.singleReport.regencyBaselineMs
      ? `${n(r.singleReport.regencyMs.p95 / r.singleReport.regencyBaselineMs.p95, 1)}×`
      : '–',
    ok(r.singleReport.regencyMet),
  ]);
  rows.push([
    `National (ID) report latency (${r.singleReport.nationalMs.n} builds${r.singleReport.nationalColdMs ? ', each after one event moved one province' : ''}), ${facts}${label}`,
    'p95 ≤ 1 s',
    `p95 ${s(r.singleReport.nationalMs.p95, 2)}${r.singleReport.nationalColdMs ? `; first build after start (cold) ${s(r.singleReport.nationalColdMs.ms, 2)}` : ''}`,
    r.singleReport.nationalBaselineMs ? `totals query for ID: ${s(r.singleReport.nationalBaselineMs.p50, 2)}` : '–',
    r.singleReport.nationalBaselineMs
      ? `${n(r.singleReport.nationalMs.p95 / r.singleReport.nationalBaselineMs.p50, 1)}×`
      : '–',
    ok(r.singleReport.nationalMet),
  ]);
}
if (p4) {
  rows.push([
    'P4 gateway authenticated read, peak',
    '≥ 50 % of bare',
    `${n(p4.gatewayPeak.requestsPerSecond)} req/s (p99 ${n(p4.gatewayPeak.latencyMs.p99)} ms)`,
    `bare NestJS route, same NATS request: ${n(p4.barePeak.requestsPerSecond)} req/s`,
    `${n(p4.ratio * 100, 1)} %`,
    ok(p4.met.ratio),
  ]);
  rows.push([
    `P4 gateway at half its peak (${n(p4.gatewayAtHalfPeak.overallRate)} req/s offered)`,
    'p99 ≤ 50 ms',
    `p99 ${n(p4.gatewayAtHalfPeak.latencyMs.p99)} ms (p50 ${n(p4.gatewayAtHalfPeak.latencyMs.p50)} ms, ${n(p4.gatewayAtHalfPeak.requestsPerSecond)} req/s served)`,
    `bare route at full peak: p99 ${n(p4.barePeak.latencyMs.p99)} ms`,
    `${n(p4.gatewayAtHalfPeak.latencyMs.p99 / 50, 2)}× the goal`,
    ok(p4.met.p99AtHalfLoad),
  ]);
}
if (p5) {
  rows.push([
    'P5 start five services → all /health/ready',
    '≤ 20 s',
    s(p5.startup.allReadyMs),
    'goal',
    `${n(p5.startup.allReadyMs / 20_000, 2)}× the goal`,
    ok(p5.startup.met),
  ]);
  const mem = p5.memory.maxUnderLoadMB;
  const worst = Math.max(...Object.values(mem));
  rows.push([
    'P5 resident memory under load (max VmRSS)',
    '≤ 200 MB each',
    `${Object.entries(mem)
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')} MB`,
    `idle after start: ${Object.entries(p5.memory.idleAfterStartMiB)
      .map(([k, v]) => `${k} ${n((v * 2 ** 20) / 1e6)}`)
      .join(', ')} MB`,
    `worst ${n(worst / 200, 2)}× the goal`,
    ok(p5.memory.met),
  ]);
}

const m = (suite ?? p2 ?? p3 ?? p4)?.machine ?? {};
const analysis = existsSync(join(ROOT, 'bench', 'analysis.md'))
  ? readFileSync(join(ROOT, 'bench', 'analysis.md'), 'utf8')
  : '';
const table = [
  '| figure | goal | measured | baseline | ratio | |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');

const doc = `# Benchmarks

<!-- Generated by bench/report.mjs from bench/results/*.json and bench/analysis.md: edit those. -->

Issues #6 (speed) and #8 (load). \`npm run bench\` runs the whole suite (infrastructure check,
build, then \`node bench/run.mjs\`) on the shared local PostgreSQL and Redis, each benchmark in
its own namespace (\`TestNamespace\`: its own databases, Redis keys and nats-server with JetStream
and the shipped permissions), cleaned up afterwards. One JSON per benchmark
in \`bench/results/\` carries the machine, the date, the command and every raw figure.

**Machine of the committed run:** ${m.nproc ?? '?'} cores (${m.cpu ?? '?'}), ${m.memoryGiB ?? '?'} GiB, Node ${m.node ?? '?'},
PostgreSQL ${m.postgres ?? '?'}, ${m.nats ?? 'nats-server ?'}, ${m.platform ?? ''}; ${m.date ?? ''}; git ${m.gitCommit ?? '?'}${m.codeUnderTestHasUncommittedChanges ? " (with other engineers' uncommitted changes under apps/ in the working tree)" : ''}.
${suite ? `**Whole suite:** ${n(suite.benchSeconds)} s for \`node bench/run.mjs\` (${suite.steps.map((x) => `${x.script} ${n(x.seconds)} s`).join(', ')}); load average before ${suite.loadavgBefore.join(' / ')}, after ${suite.loadavgAfter.join(' / ')}.` : ''}

| command | what |
|---|---|
| \`npm run bench\` | everything below, then this page |
| \`node bench/run.mjs p2\` (or \`p3\`, \`stack\`) | one part of the suite |
| \`node bench/p2-projection-ingest.mjs\` | P2 alone (\`BENCH_P2_EVENTS\`, default 20,000) |
| \`node bench/p1-p4-p5-stack.mjs\` | P5, P4, P1 on the five services (\`BENCH_P1_RATE\`, \`BENCH_P1_SECONDS\`, \`BENCH_P4_SECONDS\`, \`BENCH_P4_CONNECTIONS\`) |
| \`node bench/p3-annual-report.mjs\` | P3 alone (\`BENCH_P3_FACTS\`, default in the script) |
| \`node bench/report.mjs\` | re-render this page from the committed results |
| \`BENCH_RESULTS_DIR=/tmp/b node bench/run.mjs\` | a trial run: its results and this page go to /tmp/b, the committed ones stay |

## Figures

${table}

${analysis}
`;
writeFileSync(OUTPUT, doc);
console.log(`wrote ${OUTPUT}`);
