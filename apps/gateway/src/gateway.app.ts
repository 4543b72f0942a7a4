import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Headers } from '@sinergi/contracts';
import {
  createLogger,
  enterContext,
  httpRequestDuration,
  type Logger,
  metricsRegistry,
  NestPinoLogger,
  SpanKind,
  startSpan,
  startTracing,
  stopTracing,
} from '@sinergi/runtime';
import type { GatewayConfig } from './config.js';
import { mountQueueDashboard } from './admin/queue-dashboard.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { GatewayModule } from './gateway.module.js';
import { overLimit, tooManyRequests } from './http/rate-limit.js';
import { GatewayRedis } from './http/redis.js';
import { ServiceClient } from './upstream/service-client.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RunningGateway {
  app: NestFastifyApplication;
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  startTracing('gateway');
  // X-Forwarded-For counts only when it comes from a configured proxy: otherwise any client could
  // name its own address and escape the per-address limit.
  const trustProxy = config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false;
  const adapter = new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forConfig(config, logger), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  const spans = new WeakMap<object, import('@opentelemetry/api').Span>();
  const redis = app.get(GatewayRedis);
  // Activity files (POST /v1/prevention/activities:import) arrive as CSV text, up to 50,000 rows.
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) =>
    done(null, body),
  );
  // X-Request-Id in, out, in every log line, and on to the services in NATS headers.
  fastify.addHook('onRequest', async (request, reply) => {
    const given = request.headers[Headers.correlationId.toLowerCase()];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const { span, context: traceContext } = startSpan(`HTTP ${request.method}`, SpanKind.SERVER, {
      'http.method': request.method,
      'http.target': request.url.split('?')[0] ?? request.url,
      'sinergi.request_id': requestId,
    });
    spans.set(request, span);
    enterContext({ correlationId: requestId, trace: traceContext });
    void reply.header(Headers.correlationId, requestId);
    // Per-IP limit before any work is done on the request; health probes are exempt.
    if (request.url.startsWith('/health') || request.url === '/metrics') return;
    const retryAfter = await overLimit(redis, `ip:${request.ip}`, config.RATE_LIMIT_PER_IP, config.RATE_LIMIT_WINDOW_S);
    if (retryAfter !== null) {
      const problem = tooManyRequests(retryAfter, 'address');
      return reply
        .code(429)
        .headers(problem.headers)
        .header('content-type', 'application/problem+json')
        .send(problem.toProblem());
    }
  });
  // Prometheus scrapes the gateway like every service; in a cluster, keep /metrics off the public ingress.
  fastify.get('/metrics', async (_request, reply) =>
    reply.header('content-type', metricsRegistry.contentType).send(await metricsRegistry.metrics()),
  );
  fastify.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    span?.setAttribute('http.status_code', reply.statusCode);
    span?.updateName(`HTTP ${request.method} ${request.routeOptions.url ?? ''}`.trim());
    span?.end();
    httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    logger.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  const closeDashboard = await mountQueueDashboard(app, config, app.get(TokenVerifier));
  await app.get(ServiceClient).connect();
  await app.listen(config.PORT, config.HOST);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port }, 'gateway ready');
  let closing: Promise<void> | undefined;
  return {
    app,
    logger,
    url: `http://127.0.0.1:${port}`,
    close: () => {
      closing ??= app.close().then(closeDashboard).then(stopTracing);
      return closing;
    },
  };
}
