import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/nats-core';
import {
  ErrorCode,
  Headers,
  type Principal,
  type RpcContract,
  type RpcReply,
  rpcReplySchema,
} from '@sinergi/contracts';
import { context as otelContext } from '@opentelemetry/api';
import {
  correlationId,
  currentContext,
  inSpan,
  LOGGER,
  type Logger,
  NatsNames,
  natsRequestDuration,
  SpanKind,
  traceCarrier,
} from '@sinergi/runtime';
import { firstValueFrom, TimeoutError, timeout } from 'rxjs';
import type { z } from 'zod';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { ProblemError } from '../http/problem.js';

const RETRY_AFTER_SECONDS = '5';

/**
 * Request/reply to the services over Nest's NATS transport. Every call has a timeout: a
 * service that does not answer in time is 504; no service listening, or NATS down, is 503.
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  private readonly client: ClientNats;
  private connected = false;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly names: NatsNames,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.client = new ClientNats({
      servers: config.NATS_URL.split(','),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: true,
    });
    this.client.on('disconnect', () => {
      this.connected = false;
      this.logger.warn('NATS disconnected');
    });
    this.client.on('reconnect', () => {
      this.connected = true;
      this.logger.info('NATS reconnected');
    });
  }

  async connect(): Promise<void> {
    await this.client.connect();
    this.connected = true;
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
    if (!this.connected) throw this.unavailable(`${contract.service} cannot be reached: the message broker is down`);
    const h = natsHeaders();
    h.set(Headers.correlationId, correlationId());
    for (const [key, value] of Object.entries(traceCarrier())) h.set(key, value);
    const record = new NatsRecordBuilder({ principal, input }).setHeaders(h).build();
    let reply: RpcReply<unknown>;
    const timer = natsRequestDuration.startTimer({ subject: contract.subject });
    try {
      const raw = await firstValueFrom(
        this.client.send(this.names.subject(contract.subject), record).pipe(timeout(this.config.RPC_TIMEOUT_MS)),
      );
      reply = rpcReplySchema.parse(raw) as RpcReply<unknown>;
      timer({ outcome: reply.ok ? 'ok' : reply.error.code });
    } catch (error) {
      const problem = this.mapTransportError(contract, error);
      timer({ outcome: problem.code });
      throw problem;
    }
    if (!reply.ok) {
      const problem = ProblemError.fromRpc(reply.error);
      // A service that answers but cannot do its work now (its database is unreachable) is 503:
      // tell the client when to try again, as for a service that does not answer at all.
      if (problem.status === 503 && !problem.headers['retry-after']) {
        throw new ProblemError(problem.status, problem.code, problem.detail, problem.errors, problem.extra, {
          ...problem.headers,
          'retry-after': RETRY_AFTER_SECONDS,
        });
      }
      throw problem;
    }
    // Only what the contract allows leaves the gateway: unknown fields are dropped, a malformed answer is refused.
    const output = contract.output.safeParse(reply.data);
    if (!output.success) {
      this.logger.error(
        { subject: contract.subject, issues: output.error.issues.slice(0, 5) },
        'service answer breaks its contract',
      );
      throw new ProblemError(502, ErrorCode.Internal, `${contract.service} gave an answer outside its contract`);
    }
    return output.data as z.infer<C['output']>;
  }

  private mapTransportError(contract: RpcContract, error: unknown): ProblemError {
    if (error instanceof ProblemError) return error;
    if (error instanceof TimeoutError) {
      if (!this.connected) return this.unavailable(`${contract.service} cannot be reached: the message broker is down`);
      return new ProblemError(
        504,
        ErrorCode.UpstreamTimeout,
        `${contract.service} did not answer within ${this.config.RPC_TIMEOUT_MS} ms`,
        undefined,
        {},
        {
          'retry-after': RETRY_AFTER_SECONDS,
        },
      );
    }
    const message = error instanceof Error ? error.message : String((error as { message?: string })?.message ?? error);
    // NATS answers a request nobody listens to with "no responders"; Nest reports it as an empty response.
    if (/empty response|no responders|503/i.test(message))
      return this.unavailable(`${contract.service} is not running`);
    if (/connection|closed|disconnect|reconnect/i.test(message)) {
      return this.unavailable(`${contract.service} cannot be reached: the message broker is down`);
    }
    this.logger.error({ err: error, subject: contract.subject }, 'request to service failed');
    return new ProblemError(502, ErrorCode.Internal, `${contract.service} gave an answer the gateway cannot read`);
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
    await this.client.close();
  }
}
