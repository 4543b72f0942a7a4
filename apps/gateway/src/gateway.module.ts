import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { LOGGER, type Logger, NatsNames, RegionDirectory } from '@sinergi/runtime';
import { AuthGuard } from './auth/roles.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { UserRateLimitGuard } from './http/rate-limit.js';
import { GatewayRedis } from './http/redis.js';
import { buildOpenApi } from './openapi/openapi.js';
import { DocsController, OPENAPI_DOCUMENT } from './routes/docs.controller.js';
import { EnforcementController } from './routes/enforcement.controller.js';
import { HealthController } from './routes/health.controller.js';
import { PreventionController } from './routes/prevention.controller.js';
import { RegionsController } from './routes/regions.controller.js';
import { RehabController } from './routes/rehab.controller.js';
import { ReportViewerController } from './routes/report-viewer.controller.js';
import { ReportingController } from './routes/reporting.controller.js';
import { ServiceClient } from './upstream/service-client.js';

/** Every controller of the public API: the module mounts them and the OpenAPI document describes them. */
export const GATEWAY_CONTROLLERS = [
  HealthController,
  DocsController,
  RehabController,
  EnforcementController,
  PreventionController,
  ReportingController,
  RegionsController,
  ReportViewerController,
];

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      controllers: GATEWAY_CONTROLLERS,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: OPENAPI_DOCUMENT, useFactory: () => buildOpenApi(GATEWAY_CONTROLLERS, '1.0.0') },
        { provide: LOGGER, useValue: logger },
        { provide: NatsNames, useValue: new NatsNames(config.NATS_PREFIX) },
        { provide: RegionDirectory, useFactory: () => RegionDirectory.load() },
        TokenVerifier,
        ServiceClient,
        GatewayRedis,
        // Guards run in order: who is calling, then whether they have called too often.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: UserRateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
