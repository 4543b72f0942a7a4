import 'reflect-metadata';
import { type MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { type NatsContext, ServerNats } from '@nestjs/microservices';
import {
  Headers,
  type Principal,
  type RpcContract,
  type RpcReply,
  rpcRequestSchema,
  principalSchema,
} from '@sinergi/contracts';
import type { z } from 'zod';
import { runInContext } from './context.js';
import { toRpcError } from './errors.js';
import type { Logger } from './logger.js';
import { natsRequestDuration } from './metrics.js';
import { contextFrom, inSpan, SpanKind } from './tracing.js';
import type { NatsNames } from './names.js';

const RPC_ROUTES = Symbol('sinergi:rpc-routes');

export interface RpcCall {
  principal: Principal;
}

export type RpcMethod<C extends RpcContract> = (
  input: z.infer<C['input']>,
  call: RpcCall,
) => Promise<z.infer<C['output']>>;

interface RouteMeta {
  contract: RpcContract;
  method: string;
}

/**
 * Marks a method of a `*.handlers.ts` class as the handler of one request/reply contract.
 * The input is parsed against the contract before the method runs.
 */
export function RpcRoute(contract: RpcContract): MethodDecorator {
  return (target, key) => {
    const routes: RouteMeta[] = Reflect.getMetadata(RPC_ROUTES, target) ?? [];
    Reflect.defineMetadata(RPC_ROUTES, [...routes, { contract, method: String(key) }], target);
  };
}

export function rpcRoutesOf(instance: object): RouteMeta[] {
  return Reflect.getMetadata(RPC_ROUTES, Object.getPrototypeOf(instance)) ?? [];
}

export interface RpcServerOptions {
  natsUrl: string;
  names: NatsNames;
  /** Queue group: replicas of one service share the requests. */
  queue: string;
  orm?: MikroORM;
  logger: Logger;
  /** Called after every successful call, e.g. to wake the outbox relay. */
  afterSuccess?: () => void;
}

/**
 * Builds Nest's NATS transport server with one handler per contract. Every call runs in its
 * own MikroORM context and correlation context, and answers `{ ok, data }` or `{ ok, error }`.
 */
export function createRpcServer(handlerInstances: object[], options: RpcServerOptions): ServerNats {
  const server = new ServerNats({
    servers: options.natsUrl.split(','),
    queue: options.queue,
    maxReconnectAttempts: -1,
  });
  for (const instance of handlerInstances) {
    for (const route of rpcRoutesOf(instance)) {
      const method = (instance as Record<string, RpcMethod<RpcContract>>)[route.method];
      if (!method) throw new Error(`handler ${route.method} is missing on ${instance.constructor.name}`);
      const handle = async (data: unknown, context: NatsContext): Promise<RpcReply<unknown>> => {
        const correlationId = context.getHeaders()?.get(Headers.correlationId) || crypto.randomUUID();
        const timer = natsRequestDuration.startTimer({ subject: route.contract.subject });
        const headers = context.getHeaders();
        const parent = contextFrom({
          traceparent: headers?.get('traceparent') || undefined,
          tracestate: headers?.get('tracestate') || undefined,
        });
        return inSpan(
          `rpc ${route.contract.subject}`,
          SpanKind.SERVER,
          { 'messaging.destination': route.contract.subject },
          async () =>
            runInContext({ correlationId }, async () => {
              try {
                const request = rpcRequestSchema.parse(data);
                const principal = principalSchema.parse(request.principal);
                const input = route.contract.input.parse(request.input);
                const call = () => method.call(instance, input, { principal });
                const output = options.orm ? await RequestContext.create(options.orm.em, call) : await call();
                options.afterSuccess?.();
                timer({ outcome: 'ok' });
                return { ok: true, data: output };
              } catch (error) {
                const { error: rpcError, unexpected } = toRpcError(error);
                if (unexpected) options.logger.error({ err: error, subject: route.contract.subject }, 'request failed');
                else options.logger.info({ code: rpcError.code, subject: route.contract.subject }, rpcError.message);
                timer({ outcome: rpcError.code });
                return { ok: false, error: rpcError };
              }
            }),
          parent,
        );
      };
      server.addHandler(options.names.subject(route.contract.subject), handle as never);
    }
  }
  return server;
}
