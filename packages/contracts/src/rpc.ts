import { z } from 'zod';
import { type RpcError, rpcErrorSchema } from './errors.js';
import type { ServiceName } from './envelope.js';

/**
 * Request/reply between the gateway and a service. Subjects live under `rpc.` so that no
 * request ever lands in a service's event stream (`rehab.>`).
 */
export interface RpcContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly service: ServiceName;
  readonly name: string;
  readonly subject: string;
  readonly input: I;
  readonly output: O;
  readonly description: string;
}

export function defineRpc<I extends z.ZodType, O extends z.ZodType>(definition: {
  service: ServiceName;
  name: string;
  input: I;
  output: O;
  description: string;
}): RpcContract<I, O> {
  return { ...definition, subject: `rpc.${definition.service}.${definition.name}` };
}

/**
 * What the gateway sends: the input, already shaped by the route. The caller travels beside it,
 * in the gateway's signature over this exact body (the `Sinergi-Caller` header), never in it.
 */
export const rpcRequestSchema = z.object({ input: z.unknown() });
export interface RpcRequest<I> {
  input: I;
}

export type RpcReply<O> = { ok: true; data: O } | { ok: false; error: RpcError };

export const rpcReplySchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: rpcErrorSchema }),
]);

export type RpcInput<C> = C extends RpcContract<infer I, z.ZodType> ? z.infer<I> : never;
export type RpcOutput<C> = C extends RpcContract<z.ZodType, infer O> ? z.infer<O> : never;

/** NATS header names carried on requests and events. */
export const Headers = {
  correlationId: 'X-Request-Id',
  msgId: 'Nats-Msg-Id',
} as const;
