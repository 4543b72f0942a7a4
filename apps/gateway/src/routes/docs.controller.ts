import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ErrorCode } from '@sinergi/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Public } from '../auth/roles.js';
import { packageFile, staticAssets } from '../http/page-files.js';
import { ProblemError } from '../http/problem.js';
import { pagePolicy } from '../http/security-headers.js';
import { Doc } from '../openapi/doc.decorator.js';

export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

const require = createRequire(import.meta.url);
const swaggerUi = dirname(require.resolve('swagger-ui-dist/package.json'));
/** Swagger UI's own files, served from its package. */
const SWAGGER_ASSETS = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'application/javascript; charset=utf-8'],
]);
/** The page and the script that starts it: apps/gateway/static. */
const PAGE = packageFile('static/docs.html');
const OWN_ASSETS = staticAssets(['docs.js']);
const POLICY = pagePolicy(PAGE);

/** The API's own documentation: OpenAPI 3.1 from the routes, AsyncAPI 3 of the events, Swagger UI. */
@Controller()
export class DocsController {
  private readonly asyncApi = JSON.parse(
    readFileSync(require.resolve('@sinergi/contracts/generated/asyncapi.json'), 'utf8'),
  );

  constructor(@Inject(OPENAPI_DOCUMENT) private readonly openApi: Record<string, unknown>) {}

  @Get('v1/openapi.json')
  @Public()
  @Doc(null, {
    summary: 'This document: OpenAPI 3.1, generated from the routes and their contracts',
    response: z.object({ openapi: z.literal('3.1.0') }).catchall(z.unknown()),
  })
  openapi() {
    return this.openApi;
  }

  @Get('v1/asyncapi.json')
  @Public()
  @Doc(null, {
    summary: 'The domain events: AsyncAPI 3 with the JSON Schema of every event contract',
    response: z.object({ asyncapi: z.literal('3.0.0') }).catchall(z.unknown()),
  })
  asyncapi() {
    return this.asyncApi;
  }

  @Get('docs')
  @Public()
  @Doc(null, { summary: 'Swagger UI over this API', produces: ['text/html'] })
  page(@Res() reply: FastifyReply) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', POLICY)
      .send(PAGE);
  }

  @Get('docs/assets/:file')
  @Public()
  @Doc(null, { summary: 'Swagger UI assets', produces: ['text/css', 'application/javascript'] })
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const own = OWN_ASSETS.get(file);
    const type = own?.contentType ?? SWAGGER_ASSETS.get(file);
    if (!type) throw new ProblemError(404, ErrorCode.NotFound, `no asset ${file}`);
    return reply
      .header('content-type', type)
      .header('cache-control', 'public, max-age=86400')
      .send(own ? own.body : readFileSync(join(swaggerUi, file)));
  }
}
