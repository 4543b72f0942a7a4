import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, connect as netConnect } from 'node:net';
import { eventually } from './eventually.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves once something accepts TCP connections on a loopback port. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  await eventually(
    () =>
      new Promise<void>((resolve, reject) => {
        const socket = netConnect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      }),
    { timeoutMs, intervalMs: 100 },
  );
}

/**
 * A server binary run as a child of the test on a loopback port: started, stopped and started
 * again on the same port and data directory, so a test can take it away and bring it back.
 */
export abstract class ChildServer {
  private process?: ChildProcess;

  protected constructor(readonly port: number) {}

  protected abstract command(): { binary: string; args: string[]; env?: Record<string, string> };

  /** How the server is taken away: SIGTERM lets it shut down, SIGKILL is a crash. */
  protected readonly stopSignal: NodeJS.Signals = 'SIGTERM';

  async resume(): Promise<void> {
    const { binary, args, env } = this.command();
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    this.process = child;
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors = (errors + chunk).slice(-2000);
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`${binary} exited with ${code} before listening: ${errors}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(this.port), exited]);
  }

  async pause(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(this.stopSignal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.process = undefined;
  }
}
