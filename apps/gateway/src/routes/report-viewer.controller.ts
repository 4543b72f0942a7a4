import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ErrorCode } from '@sinergi/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Public } from '../auth/roles.js';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { ProblemError } from '../http/problem.js';
import { pagePolicy } from '../http/security-headers.js';
import { packageFile, staticAssets } from '../http/page-files.js';
import { Doc } from '../openapi/doc.decorator.js';

/**
 * The report viewer: apps/gateway/static/viewer.html and viewer.css as they are, and its script
 * bundled by the build (viewer.js with the dashboard's sign-in, dashboard-auth.js, and
 * oidc-client-ts, into dist/static/viewer.js; apps/gateway/package.json). The page is public;
 * its script signs in at the OpenID provider as the dashboard does and calls the JSON API with
 * the session's token (viewer.js says how).
 */
const PAGE = packageFile('static/viewer.html');
const ASSETS = new Map([
  ...staticAssets(['viewer.css']),
  ['viewer.js', { contentType: 'text/javascript; charset=utf-8', body: packageFile('dist/static/viewer.js') }],
]);

/**
 * The regional dashboard: apps/gateway/static/dashboard.html and dashboard.css as they are, and
 * its script bundled by the build (dashboard.js with oidc-client-ts and Chart.js, into
 * dist/static/dashboard.js; apps/gateway/package.json). Its sign-in talks to the OpenID
 * provider (JWT_JWKS_ISSUER), which is the one other origin its policy lets it reach.
 */
const DASHBOARD = packageFile('static/dashboard.html');
const DASHBOARD_ASSETS = new Map([
  ...staticAssets(['dashboard.css']),
  ['dashboard.js', { contentType: 'text/javascript; charset=utf-8', body: packageFile('dist/static/dashboard.js') }],
]);

const dashboardConfig = z.object({
  /** The provider the page signs in at, or null where this gateway verifies no provider's tokens. */
  issuer: z.string().max(2000).nullable(),
  clientId: z.string().max(200),
  scope: z.string().max(500),
});

/**
 * GET /reports: the coordination reports in a browser (list, request, progress, HTML export);
 * GET /dashboard: a region's live figures, trends and regions below, after an OpenID sign-in.
 */
@Controller()
export class ReportViewerController {
  private readonly dashboardPolicy: string;
  private readonly viewerPolicy: string;

  /** Both pages sign in at the provider, the one other origin their policies let them reach. */
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    const issuer = this.issuer();
    const connect = issuer ? [new URL(issuer).origin] : [];
    this.dashboardPolicy = pagePolicy(DASHBOARD, { connect });
    this.viewerPolicy = pagePolicy(PAGE, { connect });
  }

  /** The provider people sign in at: the one whose JWKS verifies their tokens. */
  private issuer(): string | null {
    return this.config.JWT_JWKS_URL ? (this.config.JWT_JWKS_ISSUER ?? this.config.JWT_ISSUER ?? null) : null;
  }

  @Get('dashboard')
  @Public()
  @Doc(null, {
    summary: "Regional dashboard: sign in (OpenID Connect), then a region's indicators, trends and regions below",
    produces: ['text/html'],
  })
  dashboard(@Res() reply: FastifyReply) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', this.dashboardPolicy)
      .send(DASHBOARD);
  }

  /** The report viewer signs in with these too (apps/gateway/static/viewer.js). */
  @Get('dashboard/config')
  @Public()
  @Doc(null, {
    summary: "Where the dashboard signs in: the provider's issuer, the client and its scopes",
    response: dashboardConfig,
  })
  dashboardSettings() {
    return { issuer: this.issuer(), clientId: this.config.OIDC_CLIENT_ID, scope: this.config.OIDC_SCOPE };
  }

  @Get('dashboard/assets/:file')
  @Public()
  @Doc(null, { summary: "The dashboard's script and stylesheet", produces: ['text/javascript', 'text/css'] })
  dashboardAsset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = DASHBOARD_ASSETS.get(file);
    if (!asset) throw new ProblemError(404, ErrorCode.NotFound, `no asset ${file}`);
    return reply.header('content-type', asset.contentType).send(asset.body);
  }

  @Get('reports')
  @Public()
  @Doc(null, {
    summary: 'Report viewer: a page that lists, requests and shows coordination reports',
    produces: ['text/html'],
  })
  page(@Res() reply: FastifyReply) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', this.viewerPolicy)
      .send(PAGE);
  }

  @Get('reports/assets/:file')
  @Public()
  @Doc(null, {
    summary: "The report viewer's script and stylesheet",
    produces: ['text/javascript', 'text/css'],
  })
  asset(@Param('file') file: string, @Res() reply: FastifyReply) {
    const asset = ASSETS.get(file);
    if (!asset) throw new ProblemError(404, ErrorCode.NotFound, `no asset ${file}`);
    return reply.header('content-type', asset.contentType).send(asset.body);
  }
}
