// P5, P4 and P1 (issue #8) on the five real services started as processes in a bench namespace
// (its own databases and Redis keys on the shared PostgreSQL / Redis, its own nats-server with
// the shipped permissions and nkey users made for the run):
//   P5  time from spawning the five dist/main.js to all /health/ready = 200 (goal ≤ 20 s), and
//       each service's VmRSS under load (goal ≤ 200 MB);
//   P4  gateway authenticated read (GET /v1/rehab/facilities?regionCode=31.72&limit=10) against a
//       bare NestJS route doing the same signed NATS request (bench/bare-app.mjs): peak req/s of
//       both, then the gateway at half its peak and its p99 (goals ≥ 50 %, p99 ≤ 50 ms);
//   P1  freshness: outbox rows committed into rehab's database at BENCH_P1_RATE/s (default
//       1,000) for BENCH_P1_WARMUP_SECONDS (15) without probes, then BENCH_P1_SECONDS (60) with
//       them; rehab's relay publishes them, reporting projects them;
//       probes commit a marker in a reserved village and poll the live indicator through the
//       gateway until it moves (goal p99 ≤ 1 s). Floor: the same marker published raw to
//       JetStream and seen by a raw consumer (the broker's admin user, on a stream of its own),
//       measured beside each probe.
// Run: node bench/p1-p4-p5-stack.mjs (after a build). Writes bench/results/p5-startup-memory.json,
// p4-gateway-read.json, p1-freshness.json.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliverPolicy, jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { RehabEvents } from '@sinergi/contracts';
import { freePort, TestNamespace } from '@sinergi/runtime/testing';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  admittedEnvelope,
  allVillages,
  apiClient,
  cpuDuring,
  log,
  machine,
  ROOT,
  round,
  rssMiB,
  SECRET,
  Service,
  sleep,
  summary,
  token,
  writeResult,
} from './lib.mjs';

const RATE = Number(process.env.BENCH_P1_RATE ?? 1000);
const LOAD_SECONDS = Number(process.env.BENCH_P1_SECONDS ?? 60);
// The same load runs this long before the first probe: the services have just served P4, and
// the consumer's first seconds at a new rate (JIT, pools, the probe province's first
// publication block) are a start-up cost, not the steady freshness the goal is about. The
// probes of the warm-up are not taken; docs/benchmarks.md shows what they were.
const WARMUP_SECONDS = Number(process.env.BENCH_P1_WARMUP_SECONDS ?? 15);
const PROBE_MS = Number(process.env.BENCH_P1_PROBE_MS ?? 1000);
const POLL_MS = Number(process.env.BENCH_P1_POLL_MS ?? 100);
const DRAIN_LIMIT_MS = Number(process.env.BENCH_P1_DRAIN_LIMIT_MS ?? 60_000);
const P4_SECONDS = Number(process.env.BENCH_P4_SECONDS ?? 10);
const P4_CONNECTIONS = Number(process.env.BENCH_P4_CONNECTIONS ?? 32);
// P5 trials: node options added after the services' own (packages/runtime/src/node-options.ts;
// say --max-semi-space-size=16 to see the default's cost; MALLOC_ARENA_MAX in the environment is
// passed on); BENCH_HEAP_SAMPLES=0 turns the in-process sampler (bench/p5-heap-sampler.mjs) off,
// BENCH_HEAP_SAMPLE_DIR keeps its samples (<service>.jsonl) there.
const EXTRA_NODE_OPTIONS = process.env.BENCH_SERVICE_NODE_OPTIONS ?? '';
const HEAP_SAMPLES = process.env.BENCH_HEAP_SAMPLES !== '0';
const heapDir = process.env.BENCH_HEAP_SAMPLE_DIR ?? mkdtempSync(join(tmpdir(), 'sinergi-p5-'));
const DB_SERVICES = ['rehab', 'enforcement', 'prevention', 'reporting'];
const SERVICES = ['rehab', 'enforcement', 'prevention', 'reporting', 'gateway'];
const YEAR = 2024;
const started = performance.now();

const ns = new TestNamespace('bst');
const services = new Map();
let bare;
let nc;
const pools = [];
const results = {};
/** [start, end] of P4 and P1 in ms since the epoch: which load the in-process samples saw. */
const phases = {};
process.once('SIGTERM', () => {
  Promise.allSettled([bare?.stop(), ...[...services.values()].map((s) => s.stop())])
    .then(() => ns.cleanup(DB_SERVICES))
    .finally(() => process.exit(143));
});

/** The node options a service of this run starts with: its own, the trial's, the sampler. */
function nodeOptions(service, env) {
  const sampler = HEAP_SAMPLES ? `--import=${join(ROOT, 'bench', 'p5-heap-sampler.mjs')}` : '';
  const options = [env.NODE_OPTIONS, EXTRA_NODE_OPTIONS, sampler].filter(Boolean).join(' ');
  return options ? { NODE_OPTIONS: options, BENCH_HEAP_SAMPLE_FILE: join(heapDir, `${service}.jsonl`) } : {};
}

/** The in-process samples of one service (bench/p5-heap-sampler.mjs), oldest first. */
function heapSamples(service) {
  try {
    return readFileSync(join(heapDir, `${service}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

/** VmHWM (the kernel's own peak resident set, between samples too) of a process in MiB. */
function peakRssMiB(pid) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return round(kb / 1024, 1);
  } catch {
    return null;
  }
}

/**
 * What holds a service's memory: its in-process sample nearest `at` (ms since the epoch), or at
 * its largest VmRSS. rss = anon + file; anon = V8's committed heap + everything else (native:
 * malloc arenas, thread stacks, code outside the heap, buffers).
 */
function breakdown(all, at) {
  const samples = Array.isArray(at) ? all.filter((s) => s.t >= at[0] && s.t <= at[1]) : all;
  if (samples.length === 0) return null;
  const pick =
    typeof at === 'number'
      ? samples.reduce((a, b) => (Math.abs(b.t - at) < Math.abs(a.t - at) ? b : a))
      : samples.reduce((a, b) => (b.rss > a.rss ? b : a));
  const { t, ...rest } = pick;
  return { ...rest, anonOutsideHeap: round(pick.rssAnon - pick.heapCommitted) };
}

/** Samples VmRSS of every process every 500 ms while `fn` runs; returns max and mean per process. */
async function withRss(processes, fn) {
  const samples = Object.fromEntries(processes.map((p) => [p.name, []]));
  const timer = setInterval(() => {
    for (const p of processes) {
      const v = rssMiB(p.pid);
      if (v !== null) samples[p.name].push(v);
    }
  }, 500);
  try {
    const value = await fn();
    return {
      value,
      rss: Object.fromEntries(
        Object.entries(samples).map(([name, v]) => [
          name,
          {
            maxMiB: v.length ? Math.max(...v) : null,
            meanMiB: v.length ? round(v.reduce((a, b) => a + b, 0) / v.length) : null,
            samples: v.length,
          },
        ]),
      ),
    };
  } finally {
    clearInterval(timer);
  }
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: P4_CONNECTIONS, duration: P4_SECONDS, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function cannonSummary(r) {
  return {
    requestsPerSecond: round(r.requests.average, 0),
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      mean: round(r.latency.mean, 2),
    },
    connections: r.connections,
    durationS: r.duration,
  };
}

try {
  // ---- P5: start the five services the way the stack does, time to all ready ----
  const sharedRedisPrefix = ns.redisPrefix;
  const rehabKeys = {
    IDENTITY_KEYS: `bench1:${randomBytes(32).toString('base64')}`,
    IDENTITY_KEY_ID: 'bench1',
    NIK_HASH_KEY: randomBytes(32).toString('base64'),
  };
  await ns.start(); // the namespace's own broker
  let t = performance.now();
  ns.migrate(DB_SERVICES); // databases, and the broker's streams as its admin user
  const migrateMs = performance.now() - t;
  for (const service of SERVICES) {
    const extra = { LOG_LEVEL: 'info', REDIS_PREFIX: sharedRedisPrefix };
    if (service === 'rehab') Object.assign(extra, rehabKeys);
    // The rate limiter still runs (its Redis round trips are part of the cost) but never trips:
    // every bench request comes from one address and one user.
    if (service === 'gateway')
      Object.assign(extra, {
        JWT_SECRET: SECRET,
        HOST: '127.0.0.1',
        RATE_LIMIT_PER_USER: '1000000000',
        RATE_LIMIT_PER_IP: '1000000000',
      });
    const env = ns.env(service, extra);
    services.set(service, new Service(service, { ...env, ...nodeOptions(service, env) }, await freePort()));
  }
  t = performance.now();
  const readyAt = {};
  for (const s of services.values()) s.spawn();
  await Promise.all(
    [...services.values()].map(async (s) => {
      await s.waitReady(60_000);
      readyAt[s.name] = Math.round(performance.now() - t);
    }),
  );
  const startupMs = performance.now() - t;
  const idleRss = Object.fromEntries([...services.values()].map((s) => [s.name, rssMiB(s.pid)]));
  const idleAt = Date.now();
  log(`P5: five services ready in ${Math.round(startupMs)} ms`, readyAt);

  // The bare route connects as the gateway's broker user and signs with the gateway's key.
  bare = new Service('bare', ns.env('gateway'), await freePort(), join(ROOT, 'bench', 'bare-app.mjs'));
  bare.spawn();
  await bare.waitReady(30_000);

  // ---- P4: gateway authenticated read vs the bare route ----
  const gateway = services.get('gateway');
  const officer = await token({ roles: ['rehab_officer'], region: '31.72' });
  const analyst = await token({ roles: ['analyst'], region: 'ID' });
  // The seed and its check go through the client; the measured reads below are autocannon's own.
  const sinergi = apiClient(gateway.url, officer);
  for (let i = 0; i < 20; i++) {
    await sinergi.post('/v1/rehab/facilities', {
      body: { name: `Klinik Bench ${i}`, kind: 'clinic', regionCode: i % 2 ? '31.72' : '31.72.01' },
    });
  }
  const path = '/v1/rehab/facilities?regionCode=31.72&limit=10';
  const gatewayUrl = `${gateway.url}${path}`;
  const bareUrl = `${bare.url}/bare/facilities?regionCode=31.72&limit=10`;
  const headers = { authorization: `Bearer ${officer}` };
  const check = await sinergi.get('/v1/rehab/facilities', { params: { query: { regionCode: '31.72', limit: 10 } } });
  // The bare route is not the API: a plain fetch.
  const checkBare = await (await fetch(bareUrl)).json();
  if (check.items?.length !== 10 || checkBare.items?.length !== 10)
    throw new Error(
      `reads did not return 10 facilities: ${JSON.stringify(check).slice(0, 300)} / ${JSON.stringify(checkBare).slice(0, 300)}`,
    );
  await cannon({ url: gatewayUrl, headers, duration: 3 });
  await cannon({ url: bareUrl, duration: 3 });
  const all = [...services.values(), bare];
  phases.p4 = [Date.now()];
  const gatewayCpu = await cpuDuring(all, () => withRss(all, () => cannon({ url: gatewayUrl, headers })));
  const gatewayPeak = gatewayCpu.value;
  const bareCpu = await cpuDuring(all, () => cannon({ url: bareUrl }));
  const barePeak = bareCpu.value;
  const cpuPerRequestMs = (cpu, total) =>
    Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round((v * 1000) / Math.max(1, total), 3)]));
  const half = Math.max(1, Math.floor(gatewayPeak.value.requests.average / 2));
  const gatewayHalf = await withRss(all, () => cannon({ url: gatewayUrl, headers, overallRate: half }));
  const p4 = {
    gatewayPeak: cannonSummary(gatewayPeak.value),
    barePeak: cannonSummary(barePeak),
    gatewayAtHalfPeak: { overallRate: half, ...cannonSummary(gatewayHalf.value) },
  };
  for (const [name, r] of Object.entries(p4)) {
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`P4 ${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  }
  const p4Ratio = p4.gatewayPeak.requestsPerSecond / p4.barePeak.requestsPerSecond;
  log(
    `P4: gateway ${p4.gatewayPeak.requestsPerSecond} req/s, bare ${p4.barePeak.requestsPerSecond} req/s, p99 at ${half}/s = ${p4.gatewayAtHalfPeak.latencyMs.p99} ms`,
  );
  results.p4 = {
    machine: machine(),
    command: 'node bench/p1-p4-p5-stack.mjs (P4 part)',
    read: `GET ${path} with a rehab_officer token (gateway → NATS → rehab → PostgreSQL), 20 facilities seeded`,
    baseline:
      "bench/bare-app.mjs: NestJS 12 + Fastify, one route, same signed NATS request as the gateway (RpcClient + CallSigner as the broker's gateway user: same subject, body { input }, correlation header, Sinergi-Caller signature over principal, subject, request id and body hash), no auth/validation/logging",
    autocannon: { connections: P4_CONNECTIONS, durationS: P4_SECONDS, warmupS: 3 },
    ...p4,
    ratio: round(p4Ratio, 3),
    goals: { ratio: '≥ 0.5 of the bare route', p99AtHalfLoadMs: 50 },
    met: { ratio: p4Ratio >= 0.5, p99AtHalfLoad: p4.gatewayAtHalfPeak.latencyMs.p99 <= 50 },
    rssUnderPeakMiB: gatewayPeak.rss,
    cpuMsPerRequest: {
      what: "CPU time (user + system, /proc/<pid>/stat) each process used during the peak run, per request served; postgres / nats-server / redis-server are every such process on the machine (other engineers' too)",
      gateway: cpuPerRequestMs(gatewayCpu.cpuSeconds, gatewayPeak.value.requests.total),
      bare: cpuPerRequestMs(bareCpu.cpuSeconds, barePeak.requests.total),
    },
  };
  phases.p4.push(Date.now());
  await bare.stop();

  // ---- P1: freshness under a paced 1,000 events/s ----
  // The broker's admin user: only it may create the floor's own stream and consumer, and read
  // the reporting durable's backlog.
  nc = await ns.broker.connect('admin');
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const floorStream = 'BENCHFLOOR';
  const floorSubject = ns.names.subject('benchfloor.marker');
  await jsm.streams.add({ name: floorStream, subjects: [floorSubject], storage: StorageType.File });
  const floorConsumer = await js.consumers.get(floorStream, { deliver_policy: DeliverPolicy.New });
  const floorWaiters = new Map();
  const floorMessages = await floorConsumer.consume({ max_messages: 100 });
  void (async () => {
    for await (const m of floorMessages) floorWaiters.get(m.string())?.(performance.now());
  })();
  async function floorSample() {
    const id = `m${Math.random()}`;
    const seen = new Promise((resolve) => floorWaiters.set(id, resolve));
    const s = performance.now();
    await js.publish(floorSubject, id);
    const at = await Promise.race([seen, sleep(10_000).then(() => null)]);
    floorWaiters.delete(id);
    return at === null ? null : at - s;
  }

  const rehabDb = ns.databaseUrl('rehab');
  const loadPool = new pg.Pool({ connectionString: rehabDb, max: 2 });
  const probePool = new pg.Pool({ connectionString: rehabDb, max: 1 });
  pools.push(loadPool, probePool);
  const villages = allVillages();
  // The probe writes into one village and reads its province: a province publishes exactly,
  // where a village is never published (docs/security.md). The load never writes there.
  const PROBE_VILLAGE = villages.at(-1);
  const PROBE_PROVINCE = PROBE_VILLAGE.split('.')[0];
  const loadVillages = villages.filter((v) => v.split('.')[0] !== PROBE_PROVINCE);
  const insertRows = async (pool, envelopes) => {
    const values = [];
    const params = [];
    envelopes.forEach((e, i) => {
      values.push(`($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}, now(), 0, null, null)`);
      params.push(e.eventId, e.type, JSON.stringify(e));
    });
    await pool.query(
      `insert into outbox (id, subject, envelope, created_at, attempts, last_error, published_at) values ${values.join(', ')}`,
      params,
    );
  };
  // A plain fetch, not the client: each poll's time is part of what P1 measures.
  const indicatorAt = async (regionCode) => {
    const s = performance.now();
    const response = await fetch(`${gateway.url}/v1/reporting/indicators?regionCode=${regionCode}&year=${YEAR}`, {
      headers: { authorization: `Bearer ${analyst}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`indicators answered ${response.status}: ${JSON.stringify(body)}`);
    return { value: body.indicators.find((i) => i.code === 'rehab.admissions').value, ms: performance.now() - s };
  };
  const lag = async () => {
    const [outbox] = (await probePool.query('select count(*)::int as n from outbox where published_at is null')).rows;
    const info = await jsm.consumers.info(ns.names.stream('rehab'), ns.names.durable('reporting', 'rehab'));
    return { outboxUnpublished: outbox.n, consumerPending: info.num_pending + info.num_ack_pending };
  };

  let sent = 0;
  let loading = true;
  let loadError;
  const loadStart = performance.now();
  phases.p1 = [Date.now()];
  const loadEnd = loadStart + (WARMUP_SECONDS + LOAD_SECONDS) * 1000;
  const generator = (async () => {
    let i = 0;
    while (loading && performance.now() < loadEnd) {
      const due = Math.floor(((performance.now() - loadStart) / 1000) * RATE);
      const n = Math.min(200, due - sent);
      if (n > 0) {
        const batch = [];
        for (let k = 0; k < n; k++, i++) {
          batch.push(
            admittedEnvelope(
              loadVillages[(i * 7919) % loadVillages.length],
              i,
              `${YEAR}-${String((i % 12) + 1).padStart(2, '0')}-10`,
            ),
          );
        }
        try {
          await insertRows(loadPool, batch);
          sent += n;
        } catch (error) {
          loadError = error;
          break;
        }
      }
      await sleep(10);
    }
  })();

  // Probes: one marker committed every PROBE_MS in the reserved village, whether or not the
  // previous one is visible yet (so a growing backlog is sampled, not hidden); one poller reads
  // the live indicator through the gateway without pause. Marker k is visible once the count
  // reaches base + k (the relay and the consumer keep commit order).
  const probes = [];
  const floors = [];
  const pollMs = [];
  const timeline = [];
  const base = (await indicatorAt(PROBE_PROVINCE)).value;
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const { value, ms } = await indicatorAt(PROBE_PROVINCE);
      pollMs.push(ms);
      // At most one read per POLL_MS: resolution enough for a 1 s goal, without the probe's own
      // queries starving the reporting process it measures.
      if (ms < POLL_MS) await sleep(POLL_MS - ms);
      const now = performance.now();
      for (const [k, probe] of probes.entries())
        if (probe.seenAt === undefined && value >= base + k + 1) probe.seenAt = now;
    }
  })();
  const p1 = await withRss([...services.values()], async () => {
    let nextTimeline = loadStart;
    let nextProbe = loadStart + WARMUP_SECONDS * 1000 + 500;
    while (performance.now() < loadEnd - 500) {
      if (performance.now() >= nextTimeline) {
        timeline.push({ atS: round((performance.now() - loadStart) / 1000, 1), sent, ...(await lag()) });
        nextTimeline += 5000;
      }
      if (performance.now() >= nextProbe) {
        nextProbe += PROBE_MS;
        floors.push(await floorSample());
        const envelope = admittedEnvelope(PROBE_VILLAGE, probes.length, `${YEAR}-07-01`);
        await insertRows(probePool, [envelope]); // autocommit: the insert returns after COMMIT
        probes.push({ committedAt: performance.now() });
      }
      await sleep(20);
    }
  });
  loading = false;
  phases.p1.push(Date.now());
  await generator;
  const achievedSeconds = (Math.min(performance.now(), loadEnd) - loadStart) / 1000;
  const atEnd = await lag();
  timeline.push({ atS: round((performance.now() - loadStart) / 1000, 1), sent, ...atEnd });
  // The load has stopped: wait (bounded) for the pipeline to drain and the last probes to show.
  const drainStart = performance.now();
  let drained = atEnd;
  while (
    (drained.outboxUnpublished > 0 || drained.consumerPending > 0 || probes.some((p) => p.seenAt === undefined)) &&
    performance.now() - drainStart < DRAIN_LIMIT_MS
  ) {
    await sleep(500);
    drained = await lag();
  }
  const drainMs = performance.now() - drainStart;
  polling = false;
  await poller;
  for (const probe of probes) probe.ms = probe.seenAt === undefined ? null : probe.seenAt - probe.committedAt;
  await floorMessages.close();

  const timedOut = probes.filter((p) => p.ms === null).length;
  // A probe still invisible when the drain limit ended counts with its age then (a lower bound).
  const counted = probes.map((p) => p.ms ?? drainStart + drainMs - p.committedAt);
  const fresh = summary(counted);
  const floor = summary(floors.filter((x) => x !== null));
  results.p1 = {
    machine: machine(),
    command: 'node bench/p1-p4-p5-stack.mjs (P1 part)',
    method: `outbox rows (${RehabEvents.clientAdmitted.subject} envelopes built with the contract) committed into the bench namespace rehab database in multi-row INSERTs every 10 ms; the real rehab relay publishes, the real reporting consumer projects; a probe commits one marker in a reserved village and polls GET /v1/reporting/indicators (gateway, analyst token) until rehab.admissions moves`,
    targetRate: RATE,
    loadSeconds: LOAD_SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    eventsCommitted: sent,
    achievedRate: round(sent / achievedSeconds, 0),
    loadError: loadError ? String(loadError.message ?? loadError) : null,
    probeVillage: PROBE_VILLAGE,
    probeReads: `GET /v1/reporting/indicators?regionCode=${PROBE_PROVINCE}&year=${YEAR} (the probe village's province, where the load never writes)`,
    probes: probes.length,
    probesTimedOut: timedOut,
    probeEveryMs: PROBE_MS,
    indicatorPollEveryMs: POLL_MS,
    probeLatenciesMs: probes.map((p) => (p.ms === null ? null : Math.round(p.ms))),
    freshnessMs: fresh,
    indicatorPollMs: summary(pollMs),
    baseline: {
      what: 'raw JetStream publish + ack → raw ordered consumer receives the same marker, under the same load',
      ms: floor,
    },
    ratioP99: fresh.p99 && floor.p99 ? round(fresh.p99 / floor.p99, 1) : null,
    ratioP50: fresh.p50 && floor.p50 ? round(fresh.p50 / floor.p50, 1) : null,
    goal: 'freshness p99 ≤ 1000 ms at 1,000 events/s',
    met: fresh.p99 !== null && fresh.p99 <= 1000 && timedOut === 0,
    backlogTimeline: timeline,
    backlogAtEnd: atEnd,
    drainMs: Math.round(drainMs),
    drainedFully: drained.outboxUnpublished === 0 && drained.consumerPending === 0,
    rssUnderLoadMiB: p1.rss,
  };
  log(
    `P1: ${sent} events (${results.p1.achievedRate}/s), freshness p50 ${fresh.p50} p99 ${fresh.p99} ms, floor p99 ${floor.p99} ms, backlog at end ${JSON.stringify(atEnd)}`,
  );

  const peakHwm = Object.fromEntries([...services.values()].map((s) => [s.name, peakRssMiB(s.pid)]));
  const rssMax = {};
  for (const name of SERVICES) {
    rssMax[name] = Math.max(
      results.p4.rssUnderPeakMiB[name]?.maxMiB ?? 0,
      gatewayHalf.rss[name]?.maxMiB ?? 0,
      p1.rss[name]?.maxMiB ?? 0,
    );
  }
  const rssMaxMB = Object.fromEntries(Object.entries(rssMax).map(([k, v]) => [k, round((v * 2 ** 20) / 1e6, 1)]));
  results.p5 = {
    machine: machine(),
    command: 'node bench/p1-p4-p5-stack.mjs (P5 part)',
    startup: {
      what: 'spawn the five dist/main.js at once (migrations done before, as npm run stack does), poll each /health/ready every 50 ms',
      migrateMs: Math.round(migrateMs),
      allReadyMs: Math.round(startupMs),
      readyAtMs: readyAt,
      goalMs: 20_000,
      met: startupMs <= 20_000,
    },
    memory: {
      what: 'VmRSS from /proc/<pid>/status sampled every 500 ms; max over P4 (peak and half load) and P1 (1,000 events/s)',
      idleAfterStartMiB: idleRss,
      maxUnderLoadMiB: rssMax,
      maxUnderLoadMB: rssMaxMB,
      peakVmHWMMiB: peakHwm,
      goalMB: 200,
      met: Object.values(rssMaxMB).every((v) => v <= 200),
      nodeOptions: Object.fromEntries(
        [...services.values()].map((s) => [s.name, s.env.NODE_OPTIONS?.replace(/--import=\S+/, '').trim() ?? '']),
      ),
      mallocArenaMax: services.get('rehab')?.env.MALLOC_ARENA_MAX ?? null,
      breakdownMiB: HEAP_SAMPLES
        ? {
            what: 'bench/p5-heap-sampler.mjs inside each service every 500 ms (no forced GC): the sample at idle after start and at its largest VmRSS; heapCommitted = V8 physical heap (spaces: new = semi-spaces); peak = the sample of largest VmRSS in that phase, anonOutsideHeap = RssAnon - heapCommitted (malloc, thread stacks, code)',
            idle: Object.fromEntries(SERVICES.map((name) => [name, breakdown(heapSamples(name), idleAt)])),
            peakDuringP4: Object.fromEntries(SERVICES.map((name) => [name, breakdown(heapSamples(name), phases.p4)])),
            peakDuringP1: Object.fromEntries(SERVICES.map((name) => [name, breakdown(heapSamples(name), phases.p1)])),
          }
        : null,
    },
  };
} finally {
  for (const pool of pools) await pool.end().catch(() => undefined);
  await nc?.close().catch(() => undefined);
  await bare?.stop();
  await Promise.all([...services.values()].map((s) => s.stop()));
  await ns.cleanup(DB_SERVICES);
}
if (!process.env.BENCH_HEAP_SAMPLE_DIR) rmSync(heapDir, { recursive: true, force: true });
const total = Math.round(performance.now() - started);
if (results.p5) writeResult('p5-startup-memory', { ...results.p5, suiteScriptMs: total });
if (results.p4) writeResult('p4-gateway-read', { ...results.p4, suiteScriptMs: total });
if (results.p1) writeResult('p1-freshness', { ...results.p1, suiteScriptMs: total });
log(`stack benchmarks done in ${total} ms`);
