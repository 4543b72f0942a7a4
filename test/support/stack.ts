import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { PRODUCERS } from '@sinergi/contracts';
import { eventually, REPO_ROOT, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { TEST_JWT_SECRET } from './http.js';
import { rehabKeys } from './keys.js';
import { queryDb } from './pg.js';

export const DB_SERVICES = ['rehab', 'enforcement', 'prevention', 'reporting'];
export const ALL_SERVICES = [...DB_SERVICES, 'gateway'];

export interface StackOptions {
  /** Which services to run (default: all five); the migrate step runs for every database service. */
  services?: readonly string[];
  /** Extra environment per service. */
  env?: Record<string, Record<string, string>>;
}

/**
 * Services as processes in a private namespace (their own databases, broker and Redis keys), as
 * the stack runs them; `stop()` stops them and removes the namespace.
 */
export class TestStack {
  readonly ns: TestNamespace;
  readonly services = new Map<string, ServiceProcess>();
  /** One set of identity keys per stack: a second rehab replica must read what the first sealed. */
  private readonly rehabKeys = rehabKeys();

  constructor(
    label = 's',
    private readonly options: StackOptions = {},
    ns?: TestNamespace,
  ) {
    this.ns = ns ?? new TestNamespace(label);
    for (const service of options.services ?? ALL_SERVICES) {
      this.services.set(service, new ServiceProcess(service, this.envOf(service)));
    }
  }

  get gateway(): ServiceProcess {
    return this.service('gateway');
  }

  service(name: string): ServiceProcess {
    const found = this.services.get(name);
    if (!found) throw new Error(`${name} is not part of this stack`);
    return found;
  }

  /** The environment a service of this stack runs with (for a second replica, say). */
  envOf(service: string, extra: Record<string, string> = {}): Record<string, string> {
    const base =
      service === 'rehab'
        ? this.rehabKeys
        : service === 'gateway'
          ? { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1' }
          : {};
    return this.ns.env(service, { ...base, ...this.options.env?.[service], ...extra });
  }

  async start(): Promise<void> {
    await this.ns.start();
    this.ns.migrate(DB_SERVICES.filter((service) => this.services.has(service)));
    await Promise.all([...this.services.values()].map((s) => s.start()));
  }

  /**
   * Waits until nothing is in flight: every outbox published, and every durable consumer of the
   * producers' streams with nothing pending or unacknowledged. What a test reads after it is final.
   */
  async drained(timeoutMs = 60_000): Promise<void> {
    const nc = await this.ns.broker.connect('admin');
    try {
      const jsm = await jetstreamManager(nc);
      await eventually(
        async () => {
          for (const service of DB_SERVICES.filter((name) => this.services.has(name))) {
            const [row] = await queryDb<{ n: string }>(
              this.ns.databaseUrl(service),
              'select count(*) as n from outbox where published_at is null',
            );
            expect({ service, unpublished: Number(row?.n) }).toEqual({ service, unpublished: 0 });
          }
          for (const producer of PRODUCERS) {
            for (const consumer of await jsm.consumers.list(this.ns.names.stream(producer)).next()) {
              expect({ durable: consumer.name, left: consumer.num_pending + consumer.num_ack_pending }).toEqual({
                durable: consumer.name,
                left: 0,
              });
            }
          }
        },
        { timeoutMs, intervalMs: 200 },
      );
    } finally {
      await nc.close();
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.stop()));
    await this.ns.cleanup(DB_SERVICES);
  }
}

export interface ScriptRun {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs `node scripts/demo.mjs` (or another repository script) to its end, with its output kept. */
export function runScript(script: string, env: Record<string, string>, args: string[] = []): Promise<ScriptRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (process.env.DEMO_ECHO) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      if (process.env.DEMO_ECHO) process.stderr.write(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}
