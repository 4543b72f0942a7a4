import { type NatsConnection, nkeyAuthenticator } from '@nats-io/nats-core';
import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { Logger } from '../logger.js';
import { type BrokerUser, inboxPrefix } from './permissions.js';

/** How a process reaches the broker: the URL, its nkey seed and, where the broker has TLS, the CA. */
export interface BrokerSettings {
  NATS_URL: string;
  NATS_NKEY_SEED?: string;
  NATS_TLS_CA_FILE?: string;
  NATS_TLS_CERT_FILE?: string;
  NATS_TLS_KEY_FILE?: string;
}

export function connectionOptions(settings: BrokerSettings, user: BrokerUser, name: string): NodeConnectionOptions {
  const tls =
    settings.NATS_TLS_CA_FILE || settings.NATS_TLS_CERT_FILE
      ? {
          caFile: settings.NATS_TLS_CA_FILE,
          certFile: settings.NATS_TLS_CERT_FILE,
          keyFile: settings.NATS_TLS_KEY_FILE,
        }
      : undefined;
  return {
    servers: settings.NATS_URL.split(','),
    name,
    // Replies come back under a prefix only this user may subscribe to (the broker's permissions).
    inboxPrefix: inboxPrefix(user),
    ...(settings.NATS_NKEY_SEED
      ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(settings.NATS_NKEY_SEED.trim())) }
      : {}),
    ...(tls ? { tls } : {}),
  };
}

/**
 * Connects as one broker user and keeps reconnecting forever: a broker restart must not end a
 * service. A refused credential or a permission violation is logged, never silently dropped.
 */
export async function connectNats(
  settings: BrokerSettings,
  user: BrokerUser,
  name: string,
  logger?: Logger,
): Promise<NatsConnection> {
  const nc = await connect({
    ...connectionOptions(settings, user, name),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  });
  if (logger) {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect')
          logger.warn({ nats: status.type }, `NATS ${status.type}`);
        else if (status.type === 'error') logger.error({ nats: 'error', reason: String(status.error) }, 'NATS error');
      }
    })();
  }
  return nc;
}
