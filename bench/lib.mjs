// Shared helpers of the benchmark suite (`npm run bench`): machine facts, percentiles, result
// files, admin SQL, event envelopes built with the contracts, tokens, the API client for a
// benchmark's own setup calls, service processes.
// Each benchmark runs in its own TestNamespace: its own databases and Redis keys on the shared
// PostgreSQL and Redis, and its own nats-server with the shipped permissions (`await ns.start()`).
import 'reflect-metadata';
import { execSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import {
  AGE_BANDS,
  FACILITY_KINDS,
  PROGRAMS,
  REFERRAL_SOURCES,
  RehabEvents,
  SEXES,
  SUBSTANCES,
} from '@sinergi/contracts';
import { createSinergiClient } from '@sinergi/client';
import { RegionDirectory } from '@sinergi/runtime';
import { ADMIN_URL, TEST_AUDIENCE, TEST_ISSUER } from '@sinergi/runtime/testing';
import { SignJWT } from 'jose';
import pg from 'pg';

export const ROOT = join(import.meta.dirname, '..');
/** Where result files go: bench/results (committed), or BENCH_RESULTS_DIR for a trial run. */
export const RESULTS = process.env.BENCH_RESULTS_DIR
  ? resolve(process.env.BENCH_RESULTS_DIR)
  : join(ROOT, 'bench', 'results');
export const SECRET = 'bench-secret-that-is-at-least-32-characters-long';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const round = (x, digits = 1) =>
  x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits;

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summary(values) {
  return {
    n: values.length,
    p50: round(percentile(values, 50), 2),
    p95: round(percentile(values, 95), 2),
    p99: round(percentile(values, 99), 2),
    max: round(values.length ? Math.max(...values) : null, 2),
  };
}

/** The machine and the moment: every result file carries them. */
export function machine() {
  let commit = 'unknown';
  let dirty = null;
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
    dirty = execSync('git status --porcelain -- apps packages', { cwd: ROOT, encoding: 'utf8' }).trim().length > 0;
  } catch {}
  let postgres = null;
  let nats = null;
  try {
    nats = execSync('nats-server --version 2>/dev/null || /usr/sbin/nats-server --version', {
      encoding: 'utf8',
    }).trim();
  } catch {}
  try {
    postgres = execSync(`psql "${ADMIN_URL}" -tAc "show server_version"`, { encoding: 'utf8' }).trim();
  } catch {}
  return {
    date: new Date().toISOString(),
    hostname: os.hostname(),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    postgres,
    nats,
    loadavg: os.loadavg().map((x) => round(x, 2)),
    gitCommit: commit,
    codeUnderTestHasUncommittedChanges: dirty,
  };
}

export function writeResult(name, body) {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ benchmark: name, ...body, loadavgAtEnd: os.loadavg().map((x) => round(x, 2)) }, null, 2)}\n`,
  );
  return file;
}

/** A superuser connection to one namespace database (to load data, read counts). */
export async function adminClient(databaseUrl) {
  const admin = new URL(ADMIN_URL);
  admin.pathname = new URL(databaseUrl).pathname;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  return client;
}

/** A connection as the service's own role (what the service itself would use). */
export async function serviceClient(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

const pick = (list, i) => list[Math.abs(i) % list.length];

/**
 * Facility kinds of the generated admissions: all of them. (Before bcbe669, an IBM admission in a
 * village was dead-lettered: upsertRow did not quote the column `on`.)
 */
export const BENCH_FACILITY_KINDS = FACILITY_KINDS;

/** Every village code of idn-area-data (≈83,700), walked from the region directory. */
export function allVillages() {
  const regions = RegionDirectory.load();
  const villages = [];
  const walk = (code) => {
    const children = regions.childrenOf(code);
    if (children.length === 0 && code.split('.').length === 4) villages.push(code);
    for (const child of children) walk(child.code);
  };
  walk('ID');
  return villages;
}

/**
 * A `rehab.client.admitted` envelope (the contract's current version) built with the contract,
 * exactly what AdmitClientUseCase records through Outbox.record (same fields, same parse). No
 * bench admission is a TAT referral: the referral field is null whichever the version names
 * (v1 `assessmentId`, v2 `referralRef`); the parse keeps only the one the contract has.
 */
export function admittedEnvelope(regionCode, i = Math.floor(Math.random() * 1e9), admittedOn = '2024-06-15') {
  return RehabEvents.clientAdmitted.envelope.parse({
    eventId: randomUUID(),
    type: RehabEvents.clientAdmitted.subject,
    version: RehabEvents.clientAdmitted.version,
    occurredAt: new Date().toISOString(),
    producer: 'rehab',
    regionCode,
    correlationId: randomUUID(),
    payload: {
      admissionId: randomUUID(),
      clientId: randomUUID(),
      facilityId: randomUUID(),
      facilityKind: pick(BENCH_FACILITY_KINDS, i),
      program: pick(PROGRAMS, i >> 1),
      source: pick(
        REFERRAL_SOURCES.filter((s) => s !== 'tat'),
        i >> 2,
      ),
      primarySubstance: pick(SUBSTANCES, i >> 3),
      admittedOn,
      ageBand: pick(AGE_BANDS, i >> 4),
      sex: pick(SEXES, i >> 5),
      assessmentId: null,
      referralRef: null,
    },
  });
}

/**
 * A bearer token the namespace's gateway accepts: HS256 with SECRET, the issuer and audience
 * TestNamespace gives the gateway (JWT_ISSUER / JWT_AUDIENCE), iat and exp.
 */
export async function token(claims, secret = SECRET) {
  return new SignJWT({ agency: claims.agency ?? 'BNN', roles: claims.roles, region: claims.region })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? 'bench')
    .setIssuer(TEST_ISSUER)
    .setAudience(TEST_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(secret));
}

/**
 * The gateway's API through @sinergi/client, as the holder of `bearer`: for a benchmark's setup
 * and checks, never for the load it measures (autocannon sends that, so the client's work is not
 * in a latency). Retries are off: a setup call refused (429, 503) fails the run rather than being
 * waited out.
 */
export function apiClient(baseUrl, bearer) {
  return createSinergiClient({ baseUrl, token: bearer, retry: { retries: 0 } });
}

/** VmRSS of a process in MiB, from /proc/<pid>/status. */
export function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return round(kb / 1024, 1);
  } catch {
    return null;
  }
}

/**
 * A service from its built dist/main.js on a fixed loopback port, the way scripts/stack.mjs
 * runs it; readiness is GET /health/ready = 200.
 */
export class Service {
  constructor(name, env, port, entry = join(ROOT, 'apps', name, 'dist', 'main.js')) {
    this.name = name;
    this.env = env;
    this.port = port;
    this.entry = entry;
    this.logs = [];
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid() {
    return this.child?.pid;
  }

  spawn() {
    this.child = spawn(process.execPath, [this.entry], {
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) this.logs.push(line);
      if (this.logs.length > 400) this.logs.splice(0, this.logs.length - 200);
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
  }

  async ready() {
    if (this.child.exitCode !== null) throw new Error(`${this.name} exited:\n${this.logs.slice(-20).join('\n')}`);
    try {
      const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      return response.status === 200;
    } catch {
      return false;
    }
  }

  async waitReady(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await this.ready()) return;
      await sleep(50);
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.logs.slice(-20).join('\n')}`);
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export function log(...args) {
  console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by every process whose command name is `comm` (postgres, nats-server, ...). */
export function cpuSecondsOf(comm) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) total += cpuSeconds(entry);
    } catch {}
  }
  return total;
}

/** CPU seconds each named process used while `fn` ran. */
export async function cpuDuring(processes, fn) {
  const infra = ['postgres', 'nats-server', 'redis-server'];
  const before = Object.fromEntries([
    ...processes.map((p) => [p.name, cpuSeconds(p.pid)]),
    ...infra.map((c) => [c, cpuSecondsOf(c)]),
  ]);
  const value = await fn();
  const used = {};
  for (const p of processes) used[p.name] = round(cpuSeconds(p.pid) - before[p.name], 2);
  for (const c of infra) used[c] = round(cpuSecondsOf(c) - before[c], 2);
  return { value, cpuSeconds: used };
}
