/**
 * Helpers of the fault suite: a per-scenario set of service processes in its own namespace, a
 * loopback TCP proxy that can cut a service off from PostgreSQL, a reader of a whole JetStream
 * stream, and the reconciliation that turns source rows, stream messages, inbox rows, facts and
 * indicators into one row of the suite's table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { BrokerUser } from '@sinergi/runtime';
import { eventually, REPO_ROOT, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { client, TEST_JWT_SECRET, token } from '../support/http.js';
import { rehabKeys } from '../support/keys.js';
import { queryDb } from '../support/pg.js';

export const DB_SERVICES = ['rehab', 'enforcement', 'prevention', 'reporting'];
export const ACTIVITY_SUBJECT = 'prevention.activity.recorded.v1';

/** The preload that crashes a service process where its code says it is (inject-faults.mjs). */
const INJECT_FAULTS = pathToFileURL(join(import.meta.dirname, 'inject-faults.mjs')).href;

/**
 * Settings of a service process that kills itself (SIGKILL) the first time its code publishes on
 * the diagnostics channel `point`, e.g. OUTBOX_CHANNELS.beforePublish: the crash comes from the
 * rig's preload, not from the service's own code.
 */
export function killAt(point: string): Record<string, string> {
  return { SINERGI_KILL_AT: point };
}

/**
 * One scenario's services: own databases, broker (the shipped permissions) and Redis keys;
 * `down()` removes them all.
 */
export class Rig {
  readonly ns: TestNamespace;
  readonly procs = new Map<string, ServiceProcess>();
  readonly api = client(() => this.get('gateway').url);
  private readonly keys = rehabKeys();

  constructor(
    label: string,
    /** Settings every process of this rig gets. */
    readonly shared: Record<string, string> = {},
  ) {
    this.ns = new TestNamespace(label);
  }

  /** The scenario's own broker: pausing it is a NATS outage nobody else sees. */
  get nats() {
    return this.ns.broker;
  }

  /** The spec's own connection to the scenario's broker as one user (a cluster rig: to its cluster). */
  connect(user: BrokerUser): Promise<NatsConnection> {
    return this.nats.connect(user);
  }

  db(service: string): string {
    return this.ns.databaseUrl(service);
  }

  env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    const own =
      service === 'rehab'
        ? this.keys
        : service === 'gateway'
          ? { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1', RPC_TIMEOUT_MS: '3000' }
          : {};
    const env = this.ns.env(service, { ...this.shared, ...own, ...extra });
    if (!env.SINERGI_KILL_AT) return env;
    // Before the service flags NODE_OPTIONS already holds (node-options.ts), which stay as they are.
    return { ...env, NODE_OPTIONS: [`--import=${INJECT_FAULTS}`, env.NODE_OPTIONS].filter(Boolean).join(' ') };
  }

  get(service: string): ServiceProcess {
    const proc = this.procs.get(service);
    if (!proc) throw new Error(`${service} is not part of this rig`);
    return proc;
  }

  /** A (new) process for a service, replacing the previous one under the same name. */
  process(service: string, extra: Record<string, string> = {}): ServiceProcess {
    const proc = new ServiceProcess(service, this.env(service, extra));
    this.procs.set(service, proc);
    return proc;
  }

  /**
   * Migrates the databases of `services` and starts them all, reporting as two replicas on the
   * same durables unless told otherwise (`reporting` is the first, `reporting#2` the second), as
   * deploy/ runs it.
   */
  async up(
    services: string[],
    extra: Record<string, Record<string, string>> = {},
    replicas: { reporting?: number } = {},
  ): Promise<void> {
    await this.ns.start();
    this.ns.migrate(services.filter((s) => DB_SERVICES.includes(s)));
    await Promise.all(services.map((s) => this.process(s, extra[s]).start(60_000)));
    if (services.includes('reporting')) {
      this.reportingReplicas = replicas.reporting ?? 2;
      for (let n = 2; n <= this.reportingReplicas; n++) {
        const proc = new ServiceProcess('reporting', this.env('reporting', extra.reporting));
        this.procs.set(`reporting#${n}`, proc);
        await proc.start(60_000);
      }
    }
  }

  /** How many reporting processes `up` started. */
  reportingReplicas = 0;

  async down(): Promise<void> {
    await Promise.all([...this.procs.values()].map((p) => p.kill()));
    await this.ns.cleanup(DB_SERVICES);
  }
}

export const tokens = {
  prevention: () => token({ roles: ['prevention_officer'], region: '31.72' }),
  rehab: () => token({ roles: ['rehab_officer'], region: '31.72' }),
  analyst: () => token({ roles: ['analyst'], region: 'ID' }),
  admin: () => token({ roles: ['admin'], region: 'ID' }),
};

const VILLAGES = ['31.72.01.1001', '31.72.01.1002', '31.72.04.1007', '31.72.02.1001', '31.72.03.1001'];
const KINDS = ['socialization', 'counseling', 'workshop', 'talk_show', 'dialogue', 'campaign'];
const SEGMENTS = ['students', 'workers', 'community', 'families', 'media', 'private_sector'];

/** A valid activity CSV of `rows` rows, all in 2024 and in Jakarta Utara. */
export function activityCsv(rows: number): string {
  const lines = ['regionCode,kind,segment,channel,on,participants,reach'];
  for (let i = 0; i < rows; i++) {
    const digital = i % 5 === 0;
    lines.push(
      [
        VILLAGES[i % VILLAGES.length],
        KINDS[i % KINDS.length],
        SEGMENTS[i % SEGMENTS.length],
        digital ? 'digital' : 'in_person',
        `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        digital ? 0 : 20 + (i % 80),
        digital ? 1000 + i : '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export const oneActivity = (i = 0) => ({
  regionCode: VILLAGES[i % VILLAGES.length],
  kind: 'socialization',
  segment: 'students',
  channel: 'in_person',
  on: '2024-05-02',
  participants: 30 + (i % 10),
});

/** POSTs a CSV import through the gateway; returns the status and how many rows it imported. */
export async function importCsv(rig: Rig, rows: number): Promise<{ status: number; imported: number }> {
  const response = await fetch(`${rig.get('gateway').url}/v1/prevention/activities:import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokens.prevention()}`, 'content-type': 'text/csv' },
    body: activityCsv(rows),
    signal: AbortSignal.timeout(120_000),
  });
  const body = (await response.json().catch(() => ({}))) as { imported?: number };
  return { status: response.status, imported: body.imported ?? 0 };
}

export async function count(databaseUrl: string, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await queryDb<{ n: string }>(databaseUrl, sql, params);
  return Number(row?.n ?? 0);
}

export interface StreamEvent {
  seq: number;
  subject: string;
  eventId: string;
  payload: Record<string, unknown>;
}

/** Every message of a namespaced stream, read with an ordered consumer (bounded in time). */
export async function readStream(rig: Rig, producer: string): Promise<StreamEvent[]> {
  const nc = await rig.connect('admin');
  try {
    const jsm = await jetstreamManager(nc);
    const name = rig.ns.names.stream(producer);
    const info = await jsm.streams.info(name);
    if (info.state.messages === 0) return [];
    const consumer = await jetstream(nc).consumers.get(name);
    const messages = await consumer.consume({ max_messages: 1000 });
    const timer = setTimeout(() => void messages.stop(), 60_000);
    const events: StreamEvent[] = [];
    try {
      for await (const m of messages) {
        const subject = rig.ns.names.unprefixed(m.subject);
        try {
          const envelope = JSON.parse(m.string()) as { eventId: string; payload: Record<string, unknown> };
          events.push({ seq: m.seq, subject, eventId: envelope.eventId, payload: envelope.payload ?? {} });
        } catch {
          events.push({ seq: m.seq, subject, eventId: `unparsable-${m.seq}`, payload: {} });
        }
        if (m.info.pending === 0) break;
      }
    } finally {
      clearTimeout(timer);
      messages.stop();
    }
    return events;
  } finally {
    await nc.close();
  }
}

export async function indicatorValue(rig: Rig, code: string, regionCode = 'ID', year = 2024): Promise<number> {
  const response = await rig.api('GET', `/v1/reporting/indicators?regionCode=${regionCode}&year=${year}`, {
    token: await tokens.analyst(),
  });
  if (response.status !== 200) throw new Error(`indicators answered ${response.status}`);
  return response.body.indicators.find((i: { code: string }) => i.code === code).value;
}

/** One row of the suite's table. */
export interface FaultRow {
  scenario: string;
  /** Reporting processes sharing the durables. */
  replicas: number;
  written: number;
  events: number | string;
  applied: number;
  lost: number;
  duplicated: number;
  indicator: string;
  note: string;
}

const rows: FaultRow[] = [];

export function recordRow(row: FaultRow): FaultRow {
  rows.push(row);
  return row;
}

/** The table, printed at the end of the suite (and kept in .sinergi/faults-table.txt, or `file`). */
export function printTable(file = 'faults-table.txt'): void {
  const header = [
    'scenario',
    'reporting replicas',
    'records written',
    'events',
    'applied',
    'lost',
    'duplicated',
    'indicator',
    'note',
  ];
  const cells = rows.map((r) => [
    r.scenario,
    String(r.replicas),
    String(r.written),
    String(r.events),
    String(r.applied),
    String(r.lost),
    String(r.duplicated),
    r.indicator,
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const text = [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
    '',
    `faults: ${rows.length} scenario(s); lost ${rows.reduce((s, r) => s + r.lost, 0)}, duplicated ${rows.reduce((s, r) => s + r.duplicated, 0)}`,
  ].join('\n');
  process.stdout.write(`\n${text}\n\n`);
  mkdirSync(join(REPO_ROOT, '.sinergi'), { recursive: true });
  writeFileSync(join(REPO_ROOT, '.sinergi', file), `${text}\n`);
}

/** Waits until every activity committed in prevention is applied in reporting (or gives up). */
export async function settleActivities(rig: Rig, timeoutMs = 120_000): Promise<void> {
  await eventually(
    async () => {
      const unpublished = await count(
        rig.db('prevention'),
        'select count(*) as n from outbox where published_at is null',
      );
      const source = await count(rig.db('prevention'), 'select count(*) as n from activity');
      const applied = await count(rig.db('reporting'), 'select count(*) as n from inbox where subject = $1', [
        ACTIVITY_SUBJECT,
      ]);
      if (unpublished > 0 || applied < source)
        throw new Error(`unpublished ${unpublished}, applied ${applied}/${source}`);
    },
    { timeoutMs, intervalMs: 500 },
  ).catch(() => undefined); // the reconciliation below says what is missing
}

/**
 * Committed activities (prevention's `activity`) against their events in the PREVENTION stream,
 * reporting's inbox rows and facts, and the `prevention.activities` indicator for ID / 2024.
 */
export async function reconcileActivities(rig: Rig, scenario: string, note = ''): Promise<FaultRow> {
  const source = new Set(
    (await queryDb<{ id: string }>(rig.db('prevention'), 'select id from activity')).map((r) => r.id),
  );
  const unpublished = await count(rig.db('prevention'), 'select count(*) as n from outbox where published_at is null');
  const events = (await readStream(rig, 'prevention')).filter((e) => e.subject === ACTIVITY_SUBJECT);
  const inbox = new Set(
    (
      await queryDb<{ event_id: string }>(rig.db('reporting'), 'select event_id from inbox where subject = $1', [
        ACTIVITY_SUBJECT,
      ])
    ).map((r) => r.event_id),
  );
  const facts = new Set(
    (
      await queryDb<{ id: string }>(
        rig.db('reporting'),
        `select id from fact where indicator = 'prevention.activities'`,
      )
    ).map((r) => r.id.replace(/^activity:/, '')),
  );
  const indicator = await indicatorValue(rig, 'prevention.activities').catch(() => -1);

  const eventsOf = new Map<string, string[]>();
  for (const e of events) {
    const id = String(e.payload.activityId);
    eventsOf.set(id, [...(eventsOf.get(id) ?? []), e.eventId]);
  }
  const lost = [...source].filter(
    (id) => !(eventsOf.get(id) ?? []).some((eventId) => inbox.has(eventId)) || !facts.has(id),
  ).length;
  const doubled = [...eventsOf.values()].reduce((sum, ids) => sum + ids.length - 1, 0);
  const phantom = [...eventsOf.keys()].filter((id) => !source.has(id)).length;
  const extraFacts = [...facts].filter((id) => !source.has(id)).length;
  const duplicated = doubled + phantom + extraFacts + Math.max(0, indicator - source.size);
  const row = recordRow({
    scenario,
    replicas: rig.reportingReplicas,
    written: source.size,
    events: events.length,
    applied: events.filter((e) => inbox.has(e.eventId)).length,
    lost: lost + unpublished,
    duplicated,
    indicator: indicator === source.size ? `${indicator} = source` : `${indicator} ≠ ${source.size}`,
    note,
  });
  return row;
}

/** A TCP proxy on loopback between one service and PostgreSQL that can refuse and cut connections. */
export class PgProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetPort = 5432,
    private readonly targetHost = '127.0.0.1',
  ) {}

  static async start(): Promise<PgProxy> {
    const proxy = new PgProxy();
    await proxy.up();
    return proxy;
  }

  /** The service's DATABASE_URL with the proxy's port. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.port = String(this.port);
    return url.toString();
  }

  async up(): Promise<void> {
    const server = createServer((downstream) => {
      const upstream = netConnect(this.targetPort, this.targetHost);
      this.sockets.add(downstream);
      this.sockets.add(upstream);
      const end = () => {
        downstream.destroy();
        upstream.destroy();
        this.sockets.delete(downstream);
        this.sockets.delete(upstream);
      };
      downstream.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      downstream.pipe(upstream).pipe(downstream);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
    this.server = server;
  }

  /** Cuts every open connection and stops listening: new connections are refused. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
