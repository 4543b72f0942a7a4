import { Controller, Get, Param, Res } from '@nestjs/common';
import { ErrorCode } from '@sinergi/contracts';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.js';
import { ProblemError } from '../http/problem.js';
import { pagePolicy } from '../http/security-headers.js';
import { packageFile, staticAssets } from '../http/page-files.js';
import { Doc } from '../openapi/doc.decorator.js';

/**
 * The report viewer: apps/gateway/static/viewer.html with its own script (viewer.js, an ES
 * module) and stylesheet (viewer.css), all from this origin and nothing from elsewhere. The page
 * is public; its script asks for a token and calls the JSON API with it (viewer.js says how).
 */
const PAGE = packageFile('static/viewer.html');
const ASSETS = staticAssets(['viewer.js', 'viewer.css']);

const POLICY = pagePolicy(PAGE);

/** GET /reports: the coordination reports in a browser (list, request, progress, HTML export). */
@Controller()
export class ReportViewerController {
  @Get('reports')
  @Public()
  @Doc(null, {
    summary: 'Report viewer: a page that lists, requests and shows coordination reports',
    produces: ['text/html'],
  })
  page(@Res() reply: FastifyReply) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', POLICY)
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
