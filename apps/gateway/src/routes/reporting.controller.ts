import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ReportingRpc, uuidSchema } from '@sinergi/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { type AuthedRequest, principalOf, Roles } from '../auth/roles.js';
import { validate } from '../http/validate.js';
import { ServiceClient } from '../upstream/service-client.js';
import { Doc } from '../openapi/doc.decorator.js';

const idParam = z.object({ id: uuidSchema });
const EVERYONE = ['analyst', 'admin', 'rehab_officer', 'enforcement_officer', 'prevention_officer'] as const;

@Controller('v1')
export class ReportingController {
  constructor(private readonly services: ServiceClient) {}

  /** Officers read their own region; analysts and admins whatever their region covers. */
  @Doc(ReportingRpc.indicators)
  @Get('reporting/indicators')
  @Roles(...EVERYONE)
  indicators(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      ReportingRpc.indicators,
      validate(ReportingRpc.indicators.input, query),
      principalOf(request),
    );
  }

  /** Planners (analysts, admins) set yearly targets for their region and below. */
  @Doc(ReportingRpc.setTarget)
  @Put('reporting/targets')
  @Roles('analyst', 'admin')
  setTarget(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      ReportingRpc.setTarget,
      validate(ReportingRpc.setTarget.input, body),
      principalOf(request),
    );
  }

  @Doc(ReportingRpc.requestReport)
  @Post('reports')
  @HttpCode(202)
  @Roles(...EVERYONE)
  requestReport(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      ReportingRpc.requestReport,
      validate(ReportingRpc.requestReport.input, body),
      principalOf(request),
    );
  }

  @Doc(ReportingRpc.listReports)
  @Get('reports')
  @Roles(...EVERYONE)
  listReports(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      ReportingRpc.listReports,
      validate(ReportingRpc.listReports.input, query),
      principalOf(request),
    );
  }

  @Doc(ReportingRpc.tdiExport)
  @Get('reports/tdi')
  @Roles('analyst', 'admin')
  tdi(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      ReportingRpc.tdiExport,
      validate(ReportingRpc.tdiExport.input, query),
      principalOf(request),
    );
  }

  @Doc(ReportingRpc.getReport)
  @Get('reports/:id')
  @Roles(...EVERYONE)
  getReport(@Param() params: unknown, @Req() request: AuthedRequest) {
    return this.services.call(ReportingRpc.getReport, validate(idParam, params), principalOf(request));
  }

  @Doc(ReportingRpc.exportReport, { produces: ['text/csv', 'text/html'] })
  @Get('reports/:id/export')
  @Roles(...EVERYONE)
  async exportReport(
    @Param() params: unknown,
    @Query() query: unknown,
    @Req() request: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = validate(ReportingRpc.exportReport.input, { ...(query as object), ...validate(idParam, params) });
    const file = await this.services.call(ReportingRpc.exportReport, input, principalOf(request));
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `inline; filename="${file.filename}"`)
      .send(file.body);
  }

  @Doc(ReportingRpc.listSchedules)
  @Get('reporting/schedules')
  @Roles('analyst', 'admin')
  listSchedules(@Req() request: AuthedRequest) {
    return this.services.call(ReportingRpc.listSchedules, {}, principalOf(request));
  }

  @Doc(ReportingRpc.putSchedule)
  @Put('reporting/schedules/:name')
  @Roles('admin')
  putSchedule(@Param('name') name: string, @Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      ReportingRpc.putSchedule,
      validate(ReportingRpc.putSchedule.input, { ...(body as object), name }),
      principalOf(request),
    );
  }

  /** Operators (admins) see which events reporting gave up on; never the events' data. */
  @Doc(ReportingRpc.listDeadLetters)
  @Get('reporting/dead-letters')
  @Roles('admin')
  listDeadLetters(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      ReportingRpc.listDeadLetters,
      validate(ReportingRpc.listDeadLetters.input, query),
      principalOf(request),
    );
  }
}
