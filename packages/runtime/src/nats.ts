import { type JetStreamManager, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import type { ServiceName } from '@sinergi/contracts';
import type { Logger } from './logger.js';
import type { NatsNames } from './names.js';

/** Connects and keeps reconnecting forever: a broker restart must not end a service. */
export async function connectNats(url: string, name: string, logger?: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
  });
  if (logger) {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect')
          logger.warn({ nats: status.type }, `NATS ${status.type}`);
      }
    })();
  }
  return nc;
}

/** STREAM_REPLICAS: 1 on one machine, 3 in a JetStream cluster (deploy/). */
export function streamReplicas(env = process.env): number {
  const value = Number(env.STREAM_REPLICAS ?? 1);
  return Number.isInteger(value) && value >= 1 && value <= 5 ? value : 1;
}

/** JetStream de-duplicates on Nats-Msg-Id within this window; consumers' inboxes cover the rest. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

/** One stream per producing service (`REHAB` ← `rehab.>`), file storage, a duplicate window. */
export async function ensureStream(
  jsm: JetStreamManager,
  names: NatsNames,
  service: ServiceName | 'dlq',
  replicas = streamReplicas(),
) {
  const name = names.stream(service);
  const config = {
    name,
    subjects: [names.subject(`${service}.>`)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: replicas,
  };
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, {
      subjects: config.subjects,
      duplicate_window: config.duplicate_window,
      num_replicas: config.num_replicas,
    });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(config);
  }
  return name;
}

export function isNotFound(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /not found/i.test(message);
}

export async function jetStreamManager(nc: NatsConnection): Promise<JetStreamManager> {
  return jetstreamManager(nc, { timeout: 5000 });
}
