import { z } from 'zod';
import { ALL_EVENTS, ALL_RPCS } from './catalog.js';

export type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
}

/**
 * Every contract as JSON Schema, keyed by a stable name: `event:<subject>`,
 * `rpc:<subject>:input` and `rpc:<subject>:output`.
 */
export function contractSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const event of ALL_EVENTS) schemas[`event:${event.subject}`] = toSchema(event.envelope, 'output');
  for (const rpc of ALL_RPCS) {
    schemas[`rpc:${rpc.subject}:input`] = toSchema(rpc.input, 'input');
    schemas[`rpc:${rpc.subject}:output`] = toSchema(rpc.output, 'output');
  }
  return schemas;
}

/** An AsyncAPI 3 document of the event streams: one channel per subject. */
export function asyncApiDocument(version: string): JsonSchema {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const event of ALL_EVENTS) {
    const id = event.subject.replaceAll('.', '_');
    messages[id] = {
      name: event.subject,
      title: event.subject,
      summary: event.description,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: { 'Nats-Msg-Id': { type: 'string', description: 'equals eventId; JetStream de-duplicates on it' } },
      },
      payload: toSchema(event.envelope, 'output'),
    };
    channels[id] = {
      address: event.subject,
      description: event.description,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    operations[`publish_${id}`] = {
      action: 'send',
      summary: `${event.service} publishes ${event.subject} to its JetStream stream`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Sinergi domain events',
      version,
      description:
        'Events published by the Sinergi services to NATS JetStream (one stream per producing service). ' +
        'Payloads never carry personal data.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:4222', protocol: 'nats', description: 'NATS with JetStream' } },
    channels,
    operations,
    components: { messages },
  };
}
