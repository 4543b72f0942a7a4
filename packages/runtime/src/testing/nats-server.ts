import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildServer } from './child-server.js';

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

function natsBinary(): string {
  for (const candidate of [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('nats-server is not installed (scripts/infra.sh ensure installs it)');
}

/**
 * A private nats-server with JetStream on a free loopback port, for tests that stop and
 * restart the broker without disturbing anything else on the machine. Its store survives a
 * pause, as a real broker's disk would.
 */
export class PrivateNatsServer extends ChildServer {
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'sinergi-nats-'));

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort());
    await server.resume();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  protected command() {
    return { binary: natsBinary(), args: ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir] };
  }

  async stop(): Promise<void> {
    await this.pause();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
