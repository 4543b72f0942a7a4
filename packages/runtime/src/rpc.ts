import 'reflect-metadata';
import { type MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import {
  ErrorCode,
  Headers,
  type Principal,
  type RpcContract,
  type RpcReply,
  rpcReplySchema,
  rpcRequestSchema,
} from '@sinergi/contracts';
import type { z } from 'zod';
import { CallRefused, type CallSigner, type CallVerifier } from './broker/caller.js';
import { runInContext } from './context.js';
import { DomainError, toRpcError } from './errors.js';
import type { Logger } from './logger.js';
import { natsRequestDuration, rpcRefused } from './metrics.js';
import type { NatsNames } from './names.js';
import { contextFrom, inSpan, SpanKind, traceCarrier } from './tracing.js';

const RPC_ROUTES = Symbol('sinergi:rpc-routes');

/** The NATS header that carries the gateway's signature over a request (broker/caller.ts). */
export const CALLER_HEADER = 'Sinergi-Caller';

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
  nc: NatsConnection;
  names: NatsNames;
  /** Queue group: replicas of one service share the requests. */
  queue: string;
  /** Checks the gateway's signature: a request without a valid one is refused, never acted on. */
  verifier: CallVerifier;
  orm?: MikroORM;
  logger: Logger;
  /** Called after every successful call, e.g. to wake the outbox relay. */
  afterSuccess?: () => void;
}

const encoder = new TextEncoder();
const reply = (msg: Msg, answer: RpcReply<unknown>) => msg.respond(encoder.encode(JSON.stringify(answer)));

/**
 * Request/reply handlers over NATS, one subscription per contract in the service's queue group.
 * Every request must carry the gateway's signature over its principal, subject and body; it
 * then runs in its own MikroORM context and correlation context and answers `{ ok, data }` or
 * `{ ok, error }`.
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    handlerInstances: object[],
    private readonly options: RpcServerOptions,
  ) {
    for (const instance of handlerInstances) {
      for (const route of rpcRoutesOf(instance)) {
        const method = (instance as Record<string, RpcMethod<RpcContract>>)[route.method];
        if (!method) throw new Error(`handler ${route.method} is missing on ${instance.constructor.name}`);
        const subject = options.names.subject(route.contract.subject);
        const subscription = options.nc.subscribe(subject, {
          queue: options.queue,
          callback: (error, msg) => {
            if (error) {
              options.logger.error({ reason: error.message, subject }, 'request subscription failed');
              return;
            }
            const work = this.handle(route.contract, (input, call) => method.call(instance, input, call), msg);
            this.inFlight.add(work);
            void work.finally(() => this.inFlight.delete(work));
          },
        });
        this.subscriptions.push(subscription);
      }
    }
  }

  private async handle(contract: RpcContract, method: RpcMethod<RpcContract>, msg: Msg): Promise<void> {
    const { options } = this;
    const timer = natsRequestDuration.startTimer({ subject: contract.subject });
    let claims: ReturnType<CallVerifier['verify']>;
    try {
      claims = options.verifier.verify(msg.headers?.get(CALLER_HEADER) || undefined, msg.subject, msg.data);
    } catch (error) {
      const reason = error instanceof CallRefused ? error.reason : 'malformed';
      rpcRefused.inc({ subject: contract.subject, reason });
      options.logger.warn({ subject: contract.subject, reason }, 'request refused: not signed by the gateway');
      timer({ outcome: ErrorCode.Unauthenticated });
      if (msg.reply) {
        reply(msg, {
          ok: false,
          error: {
            code: ErrorCode.Unauthenticated,
            message: `refused: ${error instanceof Error ? error.message : 'the caller is not the gateway'}`,
          },
        });
      }
      return;
    }
    const parent = contextFrom({
      traceparent: msg.headers?.get('traceparent') || undefined,
      tracestate: msg.headers?.get('tracestate') || undefined,
    });
    const answer = await inSpan(
      `rpc ${contract.subject}`,
      SpanKind.SERVER,
      { 'messaging.destination': contract.subject },
      () =>
        runInContext(
          { correlationId: claims.requestId, agency: claims.principal.agency },
          async (): Promise<RpcReply<unknown>> => {
            try {
              const request = rpcRequestSchema.parse(JSON.parse(msg.string()));
              const input = contract.input.parse(request.input);
              const call = () => method(input, { principal: claims.principal });
              const output = options.orm ? await RequestContext.create(options.orm.em, call) : await call();
              options.afterSuccess?.();
              timer({ outcome: 'ok' });
              return { ok: true, data: output };
            } catch (error) {
              const { error: rpcError, unexpected } = toRpcError(
                error instanceof SyntaxError
                  ? new DomainError(ErrorCode.ValidationFailed, 'the body is not JSON')
                  : error,
              );
              // Only the error's name and code are logged: a message may quote the payload.
              if (unexpected)
                options.logger.error(
                  { err: { name: (error as Error)?.name }, subject: contract.subject },
                  'request failed',
                );
              else options.logger.info({ code: rpcError.code, subject: contract.subject }, rpcError.message);
              timer({ outcome: rpcError.code });
              return { ok: false, error: rpcError };
            }
          },
        ),
      parent,
    );
    if (msg.reply) reply(msg, answer);
  }

  /** Stops taking requests and waits for those already running to answer. */
  async close(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await Promise.allSettled([...this.inFlight]);
  }
}

/** Why a request got no usable answer; the gateway maps each to its HTTP status. */
export class RpcTransportError extends Error {
  constructor(
    readonly kind: 'no_responders' | 'timeout' | 'disconnected' | 'refused' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'RpcTransportError';
  }
}

export interface RpcClientOptions {
  nc: NatsConnection;
  names: NatsNames;
  signer: CallSigner;
  timeoutMs: number;
}

/**
 * The caller's side: signs each request for the principal it carries and waits for the reply
 * on the connection's private inbox, within a timeout.
 */
export class RpcClient {
  constructor(private readonly options: RpcClientOptions) {}

  async request(
    contract: RpcContract,
    input: unknown,
    principal: Principal,
    requestId: string,
  ): Promise<RpcReply<unknown>> {
    const { nc, names, signer, timeoutMs } = this.options;
    const subject = names.subject(contract.subject);
    const body = encoder.encode(JSON.stringify({ input }));
    const h = natsHeaders();
    h.set(Headers.correlationId, requestId);
    h.set(CALLER_HEADER, signer.sign(subject, principal, requestId, body));
    for (const [key, value] of Object.entries(traceCarrier())) h.set(key, value);
    let msg: Msg;
    try {
      msg = await nc.request(subject, body, { timeout: timeoutMs, headers: h });
    } catch (error) {
      throw classify(error, nc);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(msg.string());
    } catch {
      throw new RpcTransportError('unreadable', `${contract.service} answered something that is not JSON`);
    }
    const parsed = rpcReplySchema.safeParse(raw);
    if (!parsed.success) throw new RpcTransportError('unreadable', `${contract.service} answered outside the protocol`);
    return parsed.data as RpcReply<unknown>;
  }
}

function classify(error: unknown, nc: NatsConnection): RpcTransportError {
  const name = (error as { name?: string })?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const causeName = ((error as { cause?: { name?: string } })?.cause?.name ?? '') as string;
  if (/NoResponders/i.test(name) || /NoResponders/i.test(causeName) || /no responders|503/i.test(message)) {
    return new RpcTransportError('no_responders', message);
  }
  if (/Permission/i.test(name) || /Permission/i.test(causeName) || /permissions violation/i.test(message)) {
    return new RpcTransportError('refused', message);
  }
  if (nc.isClosed() || /closed|disconnect|connection|draining/i.test(message)) {
    return new RpcTransportError('disconnected', message);
  }
  if (/Timeout/i.test(name) || /timeout/i.test(message)) return new RpcTransportError('timeout', message);
  return new RpcTransportError('unreadable', message);
}
