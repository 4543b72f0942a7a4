import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { migrateService, REPO_ROOT, ServiceProcess, TestNamespace } from '@sinergi/runtime/testing';
import { TEST_JWT_SECRET } from './http.js';
import { rehabKeys } from './keys.js';

export const DB_SERVICES = ['rehab', 'enforcement', 'prevention', 'reporting'];

/**
 * The five services as processes in a private namespace (databases, NATS names and Redis keys of
 * their own), as the stack runs them; `stop()` stops them and removes the namespace.
 */
export class TestStack {
  readonly ns: TestNamespace;
  readonly services = new Map<string, ServiceProcess>();

  constructor(label = 's') {
    this.ns = new TestNamespace(label);
  }

  get gateway(): ServiceProcess {
    return this.services.get('gateway') as ServiceProcess;
  }

  async start(gatewayEnv: Record<string, string> = {}): Promise<void> {
    const ns = this.ns;
    for (const service of DB_SERVICES) migrateService(service, ns.env(service));
    const envs: Record<string, Record<string, string>> = {
      rehab: ns.env('rehab', rehabKeys()),
      enforcement: ns.env('enforcement'),
      prevention: ns.env('prevention'),
      reporting: ns.env('reporting'),
      gateway: ns.env('gateway', { JWT_SECRET: TEST_JWT_SECRET, HOST: '127.0.0.1', ...gatewayEnv }),
    };
    for (const [service, env] of Object.entries(envs)) this.services.set(service, new ServiceProcess(service, env));
    await Promise.all([...this.services.values()].map((s) => s.start()));
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
