import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { connectionOptions } from '../broker/connection.js';
import type { BrokerUser } from '../broker/permissions.js';
import {
  type BrokerIdentities,
  brokerEnvironment,
  generateBrokerIdentities,
  writeBrokerConfig,
} from '../broker/server-config.js';
import { ChildServer } from './child-server.js';
import { REPO_ROOT } from './processes.js';

/** A loopback port nothing listens on, found synchronously (a namespace's env is built at once). */
export function freePortSync(): number {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
    ],
    { encoding: 'utf8' },
  );
  const port = Number(probe.stdout);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`could not find a free port: ${probe.stderr}`);
  return port;
}

export function natsBinary(): string {
  for (const candidate of [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('nats-server is not installed (scripts/infra.sh ensure installs it)');
}

/** Certificates made by `scripts/infra.sh certs <dir>`: a CA and a server certificate for 127.0.0.1. */
export interface TestCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A private nats-server run with the permissions Sinergi ships (deploy/base/nats-auth.conf,
 * included verbatim) and nkey users made for this run: no anonymous client gets in, and each
 * service reaches exactly what production grants it. Its store survives a pause, as a real
 * broker's disk would.
 */
export class TestBroker extends ChildServer {
  readonly identities: BrokerIdentities = generateBrokerIdentities();
  private readonly dir = mkdtempSync(join(tmpdir(), 'sinergi-broker-'));

  constructor(
    port = freePortSync(),
    private readonly tls?: TestCertificates,
  ) {
    super(port);
  }

  static async start(tls?: TestCertificates): Promise<TestBroker> {
    const broker = new TestBroker(undefined, tls);
    await broker.resume();
    return broker;
  }

  get url(): string {
    return `${this.tls ? 'tls' : 'nats'}://127.0.0.1:${this.port}`;
  }

  /** What a process needs to connect as one broker user. */
  env(user: BrokerUser): Record<string, string> {
    return {
      NATS_URL: this.url,
      [user === 'admin' ? 'NATS_ADMIN_NKEY_SEED' : 'NATS_NKEY_SEED']: this.identities.seeds[user],
      ...(this.tls ? { NATS_TLS_CA_FILE: this.tls.caFile } : {}),
    };
  }

  /** A test's own connection as one broker user (the spec plays that service); no reconnecting. */
  connect(user: BrokerUser, options: { reconnect?: boolean } = {}): Promise<NatsConnection> {
    return connect({
      ...connectionOptions(
        {
          NATS_URL: this.url,
          NATS_NKEY_SEED: this.identities.seeds[user],
          ...(this.tls ? { NATS_TLS_CA_FILE: this.tls.caFile } : {}),
        },
        user,
        `test-${user}`,
      ),
      reconnect: options.reconnect ?? false,
      ...(options.reconnect ? { maxReconnectAttempts: -1, reconnectTimeWait: 200 } : {}),
      timeout: 5000,
    });
  }

  protected command() {
    const config = writeBrokerConfig(this.dir, REPO_ROOT, {
      port: this.port,
      storeDir: join(this.dir, 'store'),
      serverName: `test-${this.port}`,
      tls: this.tls ? { certFile: this.tls.certFile, keyFile: this.tls.keyFile } : undefined,
    });
    return { binary: natsBinary(), args: ['-c', config], env: brokerEnvironment(this.identities.publicKeys) };
  }

  async stop(): Promise<void> {
    await this.pause();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
