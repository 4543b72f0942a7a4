import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './eventually.js';

/** The repository root, found from this file (packages/runtime/dist/testing). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..', '..');

/** Runs one service's migrate command, as `npm run migrate` does. */
export function migrateService(service: string, env: Record<string, string>): void {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'apps', service, 'dist', 'migrate.js')], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`migrate ${service} failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * A service started as its own process from its built `dist/main.js`, the way the stack runs it.
 * Its JSON log lines are kept for assertions (the privacy scan reads them).
 */
export class ServiceProcess {
  readonly logs: string[] = [];
  private child?: ChildProcess;
  port?: number;
  /** Where a service that serves its metrics on a port of their own (the gateway) serves them. */
  metricsPort?: number;

  constructor(
    readonly service: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    if (!this.port) throw new Error(`${this.service} is not running`);
    return `http://127.0.0.1:${this.port}`;
  }

  /** `/metrics`: on the metrics port where the service has one, else beside its routes. */
  get metricsUrl(): string {
    return this.metricsPort ? `http://127.0.0.1:${this.metricsPort}/metrics` : `${this.url}/metrics`;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    this.port = undefined;
    const child = spawn(process.execPath, [join(REPO_ROOT, 'apps', this.service, 'dist', 'main.js')], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        this.logs.push(line);
        if (line.includes(`"msg":"${this.service} ready"`)) {
          try {
            const ready = JSON.parse(line) as { port: number; metricsPort?: number };
            this.port = ready.port;
            this.metricsPort = ready.metricsPort;
          } catch {}
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    await eventually(
      () => {
        if (child.exitCode !== null)
          throw new Error(`${this.service} exited with ${child.exitCode}:\n${this.logs.slice(-20).join('\n')}`);
        if (!this.port) throw new Error(`${this.service} is not ready yet:\n${this.logs.slice(-5).join('\n')}`);
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  /** SIGTERM and wait: a clean stop. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** SIGKILL: the process dies wherever it is. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.port = undefined;
  }
}
