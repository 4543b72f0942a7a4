import { type JetStreamManager, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { PRODUCERS, type ServiceName } from '@sinergi/contracts';
import type { NatsNames } from './names.js';

/** STREAM_REPLICAS: 1 on one machine, 3 in a JetStream cluster (deploy/). */
export function streamReplicas(env = process.env): number {
  const value = Number(env.STREAM_REPLICAS ?? 1);
  return Number.isInteger(value) && value >= 1 && value <= 5 ? value : 1;
}

/** JetStream de-duplicates on Nats-Msg-Id within this window; consumers' inboxes cover the rest. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

/**
 * One stream per producing service (`REHAB` ← `rehab.>`), file storage, a duplicate window.
 * Streams are infrastructure: only the migrate step, with the broker's admin user, creates or
 * changes them; a service may not (the broker's permissions), so none can widen its stream.
 */
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

/** Every stream Sinergi uses: one per producer and the dead letters. */
export async function provisionStreams(jsm: JetStreamManager, names: NatsNames, replicas = streamReplicas()) {
  const created: string[] = [];
  for (const service of [...PRODUCERS, 'dlq' as const]) created.push(await ensureStream(jsm, names, service, replicas));
  return created;
}

export function isNotFound(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /not found/i.test(message);
}

export async function jetStreamManager(nc: NatsConnection): Promise<JetStreamManager> {
  return jetstreamManager(nc, { timeout: 5000, checkAPI: false });
}
