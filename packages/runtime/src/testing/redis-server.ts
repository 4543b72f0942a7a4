import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildServer, freePort } from './child-server.js';

/**
 * A private redis-server on a free loopback port, with nothing on disk: restarting it loses
 * every key, the worst case a Redis restart can bring.
 */
export class PrivateRedisServer extends ChildServer {
  private readonly dir = mkdtempSync(join(tmpdir(), 'sinergi-redis-'));
  protected override readonly stopSignal = 'SIGKILL';

  static async start(): Promise<PrivateRedisServer> {
    const server = new PrivateRedisServer(await freePort());
    await server.resume();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  protected command() {
    const binary = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((b) => existsSync(b));
    if (!binary) throw new Error('redis-server is not installed (scripts/infra.sh ensure installs it)');
    return {
      binary,
      args: ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no', '--dir', this.dir],
    };
  }

  async stop(): Promise<void> {
    await this.pause();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
