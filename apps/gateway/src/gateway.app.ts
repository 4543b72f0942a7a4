import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HTTP_ROUTES, Headers } from '@sinergi/contracts';
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
import { registerCsvParser } from './import/activity-import.js';
import { Idempotency } from './http/idempotency.js';
import { registerJsonParser } from './http/json-body.js';
import { sendProblem } from './http/problem.filter.js';
import { RateLimits } from './http/rate-limit.js';
import { mountRoutes, TABLE_ROUTE } from './http/routes.js';
import { registerCors, securityHeaders } from './http/security-headers.js';
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
    // The gateway's own body parsers (registerJsonParser, registerCsvParser) replace Nest's.
    bodyParser: false,
  });
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  const spans = new WeakMap<object, import('@opentelemetry/api').Span>();
  const limits = app.get(RateLimits);
  registerJsonParser(fastify);
  // Activity files (POST /v1/prevention/activities:import) arrive as CSV text, up to 50,000 rows.
  registerCsvParser(fastify);
  fastify.addHook('onSend', securityHeaders);
  registerCors(fastify, config.CORS_ORIGINS);
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
    // Routes of the table count the address and the user together once the token is read; every
    // other route (documentation, pages, the admin session) counts the address here, before any
    // work is done on it, health probes included (one counter each; a probe flood is one too).
    if (request.routeOptions.config?.[TABLE_ROUTE as never]) return;
    try {
      void reply.headers((await limits.check(request.ip)).headers);
    } catch (error) {
      return sendProblem(reply, error, logger);
    }
  });
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
      // The path without its query: a query string is input, and no input reaches a log.
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  mountRoutes(fastify, HTTP_ROUTES, {
    verifier: app.get(TokenVerifier),
    limits,
    idempotency: app.get(Idempotency),
    services: app.get(ServiceClient),
    logger,
  });
  const closeDashboard = await mountQueueDashboard(app, config, app.get(TokenVerifier));
  await app.get(ServiceClient).connect();
  await app.listen(config.PORT, config.HOST);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const metrics = await serveMetrics(config.METRICS_PORT, config.METRICS_HOST);
  logger.info({ port, metricsPort: metrics.port }, 'gateway ready');
  let closing: Promise<void> | undefined;
  return {
    app,
    logger,
    url: `http://127.0.0.1:${port}`,
    close: () => {
      closing ??= app
        .close()
        .then(closeDashboard)
        .then(() => new Promise<void>((resolve) => metrics.server.close(() => resolve())))
        .then(stopTracing);
      return closing;
    },
  };
}

/**
 * Prometheus scrapes the gateway on a port of its own (METRICS_PORT), which no ingress or
 * published port exposes: request counts per route are not for the agencies' network.
 */
async function serveMetrics(port: number, host: string): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metricsRegistry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}
