/**
 * A 3-node JetStream cluster on loopback for the fault suite (issue #16), and a rig whose
 * services use it. Each node is the single test broker's configuration (the shipped permissions,
 * rendered by writeBrokerConfig from packages/runtime/src/broker/permissions.ts) plus a `cluster`
 * block; every route to a node runs through a loopback TCP proxy in front of it (RouteProxies) that
 * knows which node dialed, so a node can be partitioned away and let back. docs/operations.md, "What the
 * cluster tests show", says what this proves and what it does not.
 *
 * nats-server 2.9 (Debian's, what runs here) knows no `sync_interval` (2.10 does), so unlike
 * deploy/base/nats.conf the nodes fsync on 2.9's fixed interval: these scenarios are process
 * crashes and partitions, not power loss.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { jetstreamManager, type StreamInfo } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  type BrokerIdentities,
  type BrokerUser,
  brokerEnvironment,
  connectionOptions,
  writeBrokerConfig,
} from '@sinergi/runtime';
import {
  eventually,
  freePort,
  migrateService,
  natsBinary,
  REPO_ROOT,
  ServiceProcess,
  waitForPort,
} from '@sinergi/runtime/testing';
import { DB_SERVICES, Rig } from './rig.js';

/** One nats-server of the cluster: started, killed (-9 or TERM) and started again on its store. */
export class ClusterNode {
  private child?: ChildProcess;
  private log?: WriteStream;
  private tail = '';

  constructor(
    readonly name: string,
    readonly port: number,
    readonly routePort: number,
    readonly dir: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get config(): string {
    return join(this.dir, 'nats.conf');
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server on its ports and store; resolves once it takes client connections. */
  async start(): Promise<void> {
    if (this.running) return;
    this.log ??= createWriteStream(join(this.dir, 'server.log'), { flags: 'a' });
    const child = spawn(natsBinary(), ['-c', this.config], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...this.env },
    });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.log?.write(chunk);
      this.tail = (this.tail + chunk.toString('utf8')).slice(-3000);
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`${this.name} exited with ${code}:\n${this.tail}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(this.port, 30_000), exited]);
  }

  /** SIGKILL is a crash (kill -9); SIGTERM a clean stop. */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((resolve) => (this.log ? this.log.end(() => resolve()) : resolve()));
    this.log = undefined;
  }
}

/**
 * Loopback TCP proxies, one in front of each node's route port, which that node advertises: every
 * route to a node, named in a peer's configuration or learned by gossip, comes through its proxy.
 * Unlike rig.ts's PgProxy they know who connects (a dialing server's first bytes are its CONNECT
 * and INFO, which carry its `server_name`), so one peer can be refused and the others let through.
 *
 * This function is the body of a worker thread, passed as text (so it uses `require` and nothing
 * of this module): routes must not stall while the test's own thread is blocked (a synchronous
 * spawn such as the migrate step, a large reconciliation), or the cluster loses its quorum then.
 */
function routeProxyWorker(): void {
  const net = require('node:net') as typeof import('node:net');
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  interface Link {
    source?: string;
    down: import('node:net').Socket;
    up: import('node:net').Socket;
  }
  interface Proxy {
    server: import('node:net').Server;
    links: Set<Link>;
    refused: Set<string>;
    all: boolean;
  }
  const proxies = new Map<string, Proxy>();
  const isRefused = (proxy: Proxy, source?: string) => proxy.all || (source !== undefined && proxy.refused.has(source));
  const cut = (proxy: Proxy) => {
    for (const link of [...proxy.links]) {
      if (!isRefused(proxy, link.source)) continue;
      link.down.destroy();
      link.up.destroy();
      proxy.links.delete(link);
    }
  };
  const accept = (proxy: Proxy, targetPort: number, down: import('node:net').Socket) => {
    if (proxy.all) {
      down.destroy();
      return;
    }
    const up = net.connect(targetPort, '127.0.0.1');
    const link: Link = { down, up };
    proxy.links.add(link);
    const end = () => {
      down.destroy();
      up.destroy();
      proxy.links.delete(link);
    };
    down.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
    up.pipe(down);
    // The peer's bytes are held until its name is known: a refused peer gets nothing through.
    let held = Buffer.alloc(0);
    const identify = (chunk: Buffer) => {
      held = Buffer.concat([held, chunk]);
      const source = /"server_name":"([^"]+)"/.exec(held.toString('latin1'))?.[1];
      if (!source && held.length < 65_536) return;
      down.off('data', identify);
      link.source = source;
      if (isRefused(proxy, source)) return end();
      up.write(held);
      down.pipe(up);
    };
    down.on('data', identify);
  };
  const targets = workerData.targets as Record<string, number>;
  const listening = Object.entries(targets).map(
    ([name, targetPort]) =>
      new Promise<[string, number]>((resolve) => {
        const proxy: Proxy = { links: new Set(), refused: new Set(), all: false } as unknown as Proxy;
        proxy.server = net.createServer((down) => accept(proxy, targetPort, down));
        proxy.server.listen(0, '127.0.0.1', () => {
          const address = proxy.server.address() as import('node:net').AddressInfo;
          resolve([name, address.port]);
        });
        proxies.set(name, proxy);
      }),
  );
  void Promise.all(listening).then((ports) => parentPort?.postMessage({ ports: Object.fromEntries(ports) }));
  parentPort?.on('message', (m: { id: number; op: string; target?: string; sources?: string[] | 'all' }) => {
    if (m.op === 'links') {
      const links = [...proxies.entries()].flatMap(([target, proxy]) =>
        [...proxy.links].map((link) => ({ source: link.source, target })),
      );
      parentPort?.postMessage({ id: m.id, links });
      return;
    }
    if (m.op === 'refuse') {
      const proxy = proxies.get(m.target ?? '');
      if (proxy && m.sources === 'all') proxy.all = true;
      else if (proxy) for (const source of m.sources ?? []) proxy.refused.add(source);
      if (proxy) cut(proxy);
    } else if (m.op === 'admit') {
      for (const proxy of proxies.values()) {
        proxy.all = false;
        proxy.refused.clear();
      }
    } else if (m.op === 'close') {
      for (const proxy of proxies.values()) {
        proxy.all = true;
        cut(proxy);
        proxy.server.close();
      }
    }
    parentPort?.postMessage({ id: m.id });
  });
}

/** The route proxies' worker, driven from the test's thread. */
export class RouteProxies {
  private readonly replies = new Map<number, (reply: Record<string, unknown>) => void>();
  private next = 0;

  private constructor(
    private readonly worker: Worker,
    /** Node name → the port its proxy listens on. */
    readonly ports: Record<string, number>,
  ) {
    worker.on('message', (m: { id?: number }) => {
      if (m.id === undefined) return;
      this.replies.get(m.id)?.(m);
      this.replies.delete(m.id);
    });
  }

  /** `targets`: node name → its route port. */
  static async start(targets: Record<string, number>): Promise<RouteProxies> {
    const worker = new Worker(`(${routeProxyWorker.toString()})()`, { eval: true, workerData: { targets } });
    worker.unref();
    const ports = await new Promise<Record<string, number>>((resolve, reject) => {
      worker.once('message', (m: { ports: Record<string, number> }) => resolve(m.ports));
      worker.once('error', reject);
    });
    return new RouteProxies(worker, ports);
  }

  private send(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      this.worker.postMessage({ id, ...message });
    });
  }

  /** Cuts the routes of these peers (or of every peer) into `target` and refuses them until `admit()`. */
  async refuse(target: string, sources: string[] | 'all'): Promise<void> {
    await this.send({ op: 'refuse', target, sources });
  }

  async admit(): Promise<void> {
    await this.send({ op: 'admit' });
  }

  /** The routes up now: which node (`source`, once known) dialed which (`target`). */
  async links(): Promise<{ source?: string; target: string }[]> {
    return (await this.send({ op: 'links' })).links as { source?: string; target: string }[];
  }

  async close(): Promise<void> {
    await this.send({ op: 'close' });
    await this.worker.terminate();
  }
}

/** What STREAM.INFO says of a stream's replication. */
export interface StreamReplication {
  leader?: string;
  messages: number;
  /** Every replica (leader included) and whether it is current. */
  peers: { name: string; current: boolean }[];
}

/**
 * Three nats-server processes in one JetStream cluster on loopback, each with its own client port,
 * route port and store, the shipped permissions and the same nkey users (pass a namespace's
 * identities, and its service environments connect here unchanged but for NATS_URL).
 */
export class TestCluster {
  private proxies?: RouteProxies;
  private readonly dir = mkdtempSync(join(tmpdir(), 'sinergi-cluster-'));
  readonly nodes: ClusterNode[] = [];
  /** The spec's probes: one admin connection per node. */
  private readonly admins = new Map<string, NatsConnection>();
  private readonly partitioned = new Set<ClusterNode>();

  private constructor(readonly identities: BrokerIdentities) {}

  static async start(identities: BrokerIdentities, size = 3): Promise<TestCluster> {
    const cluster = new TestCluster(identities);
    try {
      await cluster.create(size);
      await Promise.all(cluster.nodes.map((node) => node.start()));
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  private async create(size: number): Promise<void> {
    const env = brokerEnvironment(this.identities.publicKeys);
    for (let i = 0; i < size; i++) {
      const dir = join(this.dir, `n${i + 1}`);
      mkdirSync(dir, { recursive: true });
      const port = await freePort();
      const node = new ClusterNode(`n${i + 1}-${port}`, port, await freePort(), dir, env);
      this.nodes.push(node);
    }
    this.proxies = await RouteProxies.start(Object.fromEntries(this.nodes.map((n) => [n.name, n.routePort])));
    for (const node of this.nodes) {
      writeBrokerConfig(node.dir, REPO_ROOT, {
        port: node.port,
        storeDir: join(node.dir, 'store'),
        serverName: node.name,
      });
      const routes = this.nodes
        .filter((peer) => peer !== node)
        .map((peer) => `    nats-route://127.0.0.1:${this.proxy(peer).port}`);
      appendFileSync(
        node.config,
        [
          'cluster {',
          '  name: sinergi',
          `  listen: 127.0.0.1:${node.routePort}`,
          // What peers learn by gossip and dial: the proxy, never the route port itself.
          `  advertise: 127.0.0.1:${this.proxy(node).port}`,
          '  routes: [',
          ...routes,
          '  ]',
          '}',
          '',
        ].join('\n'),
      );
    }
  }

  /** The loopback port of the proxy in front of a node's route port. */
  private proxy(node: ClusterNode): { port: number } {
    const port = this.proxies?.ports[node.name];
    if (!port) throw new Error(`no proxy for ${node.name}`);
    return { port };
  }

  /** NATS_URL for a process of this cluster: every node, so a client fails over. */
  get urls(): string {
    return this.nodes.map((node) => node.url).join(',');
  }

  node(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  /** A connection of the spec's own as one user, to any node, reconnecting to any other. */
  connect(user: BrokerUser): Promise<NatsConnection> {
    return connect({
      ...connectionOptions({ NATS_URL: this.urls, NATS_NKEY_SEED: this.identities.seeds[user] }, user, `test-${user}`),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 200,
      timeout: 5000,
    });
  }

  /** The admin user's connection to one node only (it waits for that node when it is down). */
  private async adminOn(node: ClusterNode): Promise<NatsConnection> {
    let nc = this.admins.get(node.name);
    if (!nc) {
      nc = await connect({
        ...connectionOptions(
          { NATS_URL: node.url, NATS_NKEY_SEED: this.identities.seeds.admin },
          'admin',
          'test-probe',
        ),
        ignoreClusterUpdates: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 100,
        timeout: 3000,
      });
      this.admins.set(node.name, nc);
    }
    return nc;
  }

  /** A node that runs and is not partitioned away: its view is the majority's. */
  private reachable(except?: ClusterNode): ClusterNode {
    const node = this.nodes.find((n) => n !== except && n.running && !this.partitioned.has(n));
    if (!node) throw new Error('no node of the majority runs');
    return node;
  }

  /**
   * STREAM.INFO (`$JS.API.STREAM.INFO.<stream>`, answered by the stream's leader) asked through
   * one node of the majority: who leads, which replicas are current, how many messages.
   */
  async replication(
    stream: string,
    options: { via?: ClusterNode; timeoutMs?: number } = {},
  ): Promise<StreamReplication> {
    const nc = await this.adminOn(options.via ?? this.reachable());
    const jsm = await jetstreamManager(nc, { timeout: options.timeoutMs ?? 2000, checkAPI: false });
    const info: StreamInfo = await jsm.streams.info(stream);
    const cluster = info.cluster;
    return {
      leader: cluster?.leader,
      messages: info.state.messages,
      peers: [
        ...(cluster?.leader ? [{ name: cluster.leader, current: true }] : []),
        ...(cluster?.replicas ?? []).map((r) => ({ name: r.name, current: r.current && !r.offline })),
      ],
    };
  }

  /** `$JS.API.INFO` through one node: it fails while JetStream's meta group has no leader. */
  async accountInfo(via: ClusterNode): Promise<void> {
    const jsm = await jetstreamManager(await this.adminOn(via), { timeout: 2000, checkAPI: false });
    await jsm.getAccountInfo();
  }

  /** The node that leads a stream now; with `other`, waits for a leader that is not that node. */
  async leaderOf(stream: string, options: { other?: ClusterNode; timeoutMs?: number } = {}): Promise<ClusterNode> {
    return eventually(
      async () => {
        const { leader } = await this.replication(stream, { via: this.reachable(options.other), timeoutMs: 1000 });
        if (!leader) throw new Error(`${stream} has no leader`);
        if (leader === options.other?.name) throw new Error(`${stream} is still led by ${leader}`);
        return this.node(leader);
      },
      { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 100 },
    );
  }

  /** Pairs of nodes with no route between them (through the proxies, the only way). */
  async unrouted(): Promise<string[]> {
    const links = (await this.proxies?.links()) ?? [];
    const missing: string[] = [];
    for (const [i, a] of this.nodes.entries()) {
      for (const b of this.nodes.slice(i + 1)) {
        const routed = links.some(
          (l) => (l.source === a.name && l.target === b.name) || (l.source === b.name && l.target === a.name),
        );
        if (!routed) missing.push(`${a.name}~${b.name}`);
      }
    }
    return missing;
  }

  /**
   * Waits until every node runs, every pair of nodes has its route, each node's view names the
   * same leader of the stream (a node just let back may still believe it leads) and every replica
   * is current; returns how long that took.
   */
  async healthy(stream: string, timeoutMs = 90_000): Promise<number> {
    const started = Date.now();
    await eventually(
      async () => {
        const down = this.nodes.filter((n) => !n.running || this.partitioned.has(n)).map((n) => n.name);
        if (down.length > 0) throw new Error(`not running or partitioned: ${down.join(', ')}`);
        const unrouted = await this.unrouted();
        if (unrouted.length > 0) throw new Error(`no route ${unrouted.join(', ')}`);
        // The JetStream API answers through every node: the meta group has a leader (a node let
        // back after a partition campaigns with a higher term and can force a new election).
        await Promise.all(this.nodes.map((via) => this.accountInfo(via)));
        const views = await Promise.all(this.nodes.map((via) => this.replication(stream, { via })));
        const leaders = new Set(views.map((v) => v.leader));
        if (leaders.size !== 1 || !views[0]?.leader) throw new Error(`${stream}: leaders ${[...leaders].join(', ')}`);
        for (const { peers } of views) {
          const behind = this.nodes.filter((n) => !peers.some((p) => p.name === n.name && p.current));
          if (behind.length > 0) throw new Error(`${stream}: not current on ${behind.map((n) => n.name).join(', ')}`);
        }
      },
      { timeoutMs, intervalMs: 200 },
    );
    return Date.now() - started;
  }

  /** Cuts every route to and from `node` and refuses new ones: it is alone, though it runs. */
  async partition(node: ClusterNode): Promise<void> {
    this.partitioned.add(node);
    await Promise.all(this.nodes.map((n) => this.proxies?.refuse(n.name, n === node ? 'all' : [node.name])));
  }

  /** Lets `node`'s routes connect again (each server retries its routes every second). */
  async heal(node: ClusterNode): Promise<void> {
    this.partitioned.delete(node);
    if (this.partitioned.size === 0) await this.proxies?.admit();
  }

  /** Stops every node and proxy and removes the stores. */
  async stop(): Promise<void> {
    await Promise.all([...this.admins.values()].map((nc) => nc.close().catch(() => undefined)));
    this.admins.clear();
    await Promise.all(this.nodes.map((node) => node.close()));
    await this.proxies?.close();
    this.proxies = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A rig whose services, migrate step and reconciliation use a TestCluster instead of the
 * namespace's single broker: NATS_URL lists all three nodes, streams are created R3
 * (STREAM_REPLICAS=3, as deploy/jobs/migrate.yaml does).
 */
export class ClusterRig extends Rig {
  private current?: TestCluster;

  get cluster(): TestCluster {
    if (!this.current) throw new Error('the cluster is not started (up())');
    return this.current;
  }

  private clusterEnv(): Record<string, string> {
    return { NATS_URL: this.cluster.urls, STREAM_REPLICAS: '3' };
  }

  override env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    return super.env(service, { ...this.clusterEnv(), ...extra });
  }

  override connect(user: BrokerUser): Promise<NatsConnection> {
    return this.cluster.connect(user);
  }

  override async up(
    services: string[],
    extra: Record<string, Record<string, string>> = {},
    replicas: { reporting?: number } = {},
  ): Promise<void> {
    // The namespace's nkey users, so its service environments hold the right seeds.
    this.current = await TestCluster.start(this.ns.broker.identities);
    // A cluster just started drops JetStream requests until it has elected its meta leader, and
    // on a busy machine creating an R3 stream can outlast the migrate step's 5 s request timeout:
    // the step is safe to run again (docs/operations.md, "Order of a deployment"), so it is retried.
    for (const service of services.filter((s) => DB_SERVICES.includes(s)))
      await eventually(() => migrateService(service, this.ns.migrateEnv(service, this.clusterEnv())), {
        timeoutMs: 120_000,
        intervalMs: 1_000,
      });
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

  override async down(): Promise<void> {
    await super.down();
    await this.current?.stop();
  }
}
