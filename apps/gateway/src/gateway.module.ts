import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { HTTP_ROUTES } from '@sinergi/contracts';
import { LOGGER, type Logger, NatsNames, RegionDirectory } from '@sinergi/runtime';
import { AuthGuard } from './auth/roles.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { Idempotency } from './http/idempotency.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RateLimits } from './http/rate-limit.js';
import { GatewayRedis } from './http/redis.js';
import { ADMIN_ROUTES, buildOpenApi, METRICS_ROUTE } from './openapi/openapi.js';
import { DocsController, OPENAPI_DOCUMENT } from './routes/docs.controller.js';
import { HealthController } from './routes/health.controller.js';
import { RegionsController } from './routes/regions.controller.js';
import { ReportViewerController } from './routes/report-viewer.controller.js';
import { ServiceClient } from './upstream/service-client.js';

/**
 * The gateway's own routes (health, documentation, the region directory, the report viewer).
 * Every route that forwards to a service is a line of HTTP_ROUTES (packages/contracts/src/routes.ts),
 * mounted by one adapter (http/routes.ts); the OpenAPI document describes both.
 */
export const GATEWAY_CONTROLLERS = [HealthController, DocsController, RegionsController, ReportViewerController];

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      controllers: GATEWAY_CONTROLLERS,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: OPENAPI_DOCUMENT,
          useFactory: () => buildOpenApi(GATEWAY_CONTROLLERS, HTTP_ROUTES, '1.0.0', [METRICS_ROUTE, ...ADMIN_ROUTES]),
        },
        { provide: LOGGER, useValue: logger },
        { provide: NatsNames, useValue: new NatsNames(config.NATS_PREFIX) },
        { provide: RegionDirectory, useFactory: () => RegionDirectory.load() },
        TokenVerifier,
        ServiceClient,
        GatewayRedis,
        RateLimits,
        Idempotency,
        // The gateway's own routes: who is calling, with which role, and how often.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
