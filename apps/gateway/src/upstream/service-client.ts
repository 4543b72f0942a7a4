import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { ErrorCode, type Principal, type RpcContract, type RpcReply } from '@sinergi/contracts';
import { context as otelContext } from '@opentelemetry/api';
import {
  CallSigner,
  connectNats,
  correlationId,
  currentContext,
  inSpan,
  LOGGER,
  type Logger,
  NatsNames,
  natsRequestDuration,
  parseSigningKey,
  RpcClient,
  RpcTransportError,
  SpanKind,
} from '@sinergi/runtime';
import type { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { ProblemError } from '../http/problem.js';

const RETRY_AFTER_SECONDS = '5';

/**
 * Request/reply to the services over NATS, as the broker's `gateway` user, each request signed
 * for the principal it carries (services refuse anything else). Every call has a timeout: a
 * service that does not answer in time is 504; no service listening, or NATS down, is 503.
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  private nc?: NatsConnection;
  private rpc?: RpcClient;
  private connected = false;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly names: NatsNames,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async connect(): Promise<void> {
    const nc = await connectNats(this.config, 'gateway', 'sinergi-gateway', this.logger);
    this.nc = nc;
    this.connected = true;
    this.rpc = new RpcClient({
      nc,
      names: this.names,
      signer: new CallSigner(parseSigningKey(this.config.CALLER_SIGNING_KEY)),
      timeoutMs: this.config.RPC_TIMEOUT_MS,
    });
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.connected = false;
        else if (status.type === 'reconnect') this.connected = true;
      }
    })();
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** One request/reply, in a client span of the request's trace. */
  async call<C extends RpcContract>(
    contract: C,
    input: z.infer<C['input']>,
    principal: Principal,
  ): Promise<z.infer<C['output']>> {
    return inSpan(
      `rpc ${contract.subject}`,
      SpanKind.CLIENT,
      { 'messaging.destination': contract.subject },
      () => this.send(contract, input, principal),
      currentContext()?.trace ?? otelContext.active(),
    );
  }

  private async send<C extends RpcContract>(
    contract: C,
    input: z.infer<C['input']>,
    principal: Principal,
  ): Promise<z.infer<C['output']>> {
    if (!this.rpc || !this.connected) {
      throw this.unavailable(`${contract.service} cannot be reached: the message broker is down`);
    }
    const timer = natsRequestDuration.startTimer({ subject: contract.subject });
    let reply: RpcReply<unknown>;
    try {
      reply = await this.rpc.request(contract, input, principal, correlationId());
      timer({ outcome: reply.ok ? 'ok' : reply.error.code });
    } catch (error) {
      const problem = this.mapTransportError(contract, error);
      timer({ outcome: problem.code });
      throw problem;
    }
    if (!reply.ok) {
      if (reply.error.code === ErrorCode.Unauthenticated) {
        // The service did not accept the gateway's own signature: keys out of step, not the user's fault.
        this.logger.error({ subject: contract.subject }, 'service refused the gateway signature');
        throw new ProblemError(502, ErrorCode.Internal, `${contract.service} did not accept the gateway's signature`);
      }
      const problem = ProblemError.fromRpc(reply.error);
      // A service that answers but cannot do its work now (its database is unreachable) is 503:
      // tell the client when to try again, as for a service that does not answer at all. A
      // service's own limit (429, report quotas) says when in `retryAfterSeconds`.
      const given = problem.extra.retryAfterSeconds;
      const retryAfter =
        typeof given === 'number' && Number.isFinite(given) && given > 0
          ? String(Math.ceil(given))
          : problem.status === 503
            ? RETRY_AFTER_SECONDS
            : undefined;
      if ((problem.status === 503 || problem.status === 429) && retryAfter && !problem.headers['retry-after']) {
        throw new ProblemError(problem.status, problem.code, problem.detail, problem.errors, problem.extra, {
          ...problem.headers,
          'retry-after': retryAfter,
        });
      }
      throw problem;
    }
    // Only what the contract allows leaves the gateway: unknown fields are dropped, a malformed answer is refused.
    const output = contract.output.safeParse(reply.data);
    if (!output.success) {
      this.logger.error(
        {
          subject: contract.subject,
          issues: output.error.issues.slice(0, 5).map((i) => ({ path: i.path, code: i.code })),
        },
        'service answer breaks its contract',
      );
      throw new ProblemError(502, ErrorCode.Internal, `${contract.service} gave an answer outside its contract`);
    }
    return output.data as z.infer<C['output']>;
  }

  private mapTransportError(contract: RpcContract, error: unknown): ProblemError {
    if (error instanceof ProblemError) return error;
    if (!(error instanceof RpcTransportError)) {
      this.logger.error({ err: error, subject: contract.subject }, 'request to service failed');
      return new ProblemError(502, ErrorCode.Internal, `${contract.service} gave an answer the gateway cannot read`);
    }
    switch (error.kind) {
      case 'no_responders':
        return this.unavailable(`${contract.service} is not running`);
      case 'disconnected':
        return this.unavailable(`${contract.service} cannot be reached: the message broker is down`);
      case 'timeout':
        if (!this.connected)
          return this.unavailable(`${contract.service} cannot be reached: the message broker is down`);
        return new ProblemError(
          504,
          ErrorCode.UpstreamTimeout,
          `${contract.service} did not answer within ${this.config.RPC_TIMEOUT_MS} ms`,
          undefined,
          {},
          { 'retry-after': RETRY_AFTER_SECONDS },
        );
      case 'refused':
        this.logger.error({ subject: contract.subject, reason: error.message }, 'the broker refused a request');
        return new ProblemError(502, ErrorCode.Internal, `the broker refused the request to ${contract.service}`);
      default:
        this.logger.error({ subject: contract.subject, reason: error.message }, 'unreadable answer');
        return new ProblemError(502, ErrorCode.Internal, `${contract.service} gave an answer the gateway cannot read`);
    }
  }

  private unavailable(detail: string): ProblemError {
    return new ProblemError(
      503,
      ErrorCode.UpstreamUnavailable,
      detail,
      undefined,
      {},
      { 'retry-after': RETRY_AFTER_SECONDS },
    );
  }

  async onApplicationShutdown() {
    await this.nc?.drain().catch(() => undefined);
  }
}
