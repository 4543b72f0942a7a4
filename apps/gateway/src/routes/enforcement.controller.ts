import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { EnforcementRpc, uuidSchema } from '@sinergi/contracts';
import { z } from 'zod';
import { type AuthedRequest, principalOf, Roles } from '../auth/roles.js';
import { validate } from '../http/validate.js';
import { ServiceClient } from '../upstream/service-client.js';

const idParam = z.object({ id: uuidSchema });

/** Path parameters win over the body: a body cannot redirect a write to another case or suspect. */
function withParam(body: unknown, extra: Record<string, string>): Record<string, unknown> {
  return { ...(typeof body === 'object' && body !== null ? body : {}), ...extra };
}

@Controller('v1/enforcement')
export class EnforcementController {
  constructor(private readonly services: ServiceClient) {}

  @Post('cases')
  @HttpCode(201)
  @Roles('enforcement_officer')
  openCase(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      EnforcementRpc.openCase,
      validate(EnforcementRpc.openCase.input, body),
      principalOf(request),
    );
  }

  @Get('cases')
  @Roles('enforcement_officer', 'analyst', 'admin')
  listCases(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      EnforcementRpc.listCases,
      validate(EnforcementRpc.listCases.input, query),
      principalOf(request),
    );
  }

  @Get('cases/:id')
  @Roles('enforcement_officer', 'analyst', 'admin')
  getCase(@Param() params: unknown, @Req() request: AuthedRequest) {
    return this.services.call(EnforcementRpc.getCase, validate(idParam, params), principalOf(request));
  }

  @Post('cases/:id/stage')
  @HttpCode(200)
  @Roles('enforcement_officer')
  changeCaseStage(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(EnforcementRpc.changeCaseStage.input, withParam(body, { id }));
    return this.services.call(EnforcementRpc.changeCaseStage, input, principalOf(request));
  }

  @Post('cases/:id/suspects')
  @HttpCode(201)
  @Roles('enforcement_officer')
  recordSuspect(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(EnforcementRpc.recordSuspect.input, withParam(body, { caseId: id }));
    return this.services.call(EnforcementRpc.recordSuspect, input, principalOf(request));
  }

  @Post('cases/:id/seizures')
  @HttpCode(201)
  @Roles('enforcement_officer')
  recordSeizure(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(EnforcementRpc.recordSeizure.input, withParam(body, { caseId: id }));
    return this.services.call(EnforcementRpc.recordSeizure, input, principalOf(request));
  }

  @Get('suspects/:id')
  @Roles('enforcement_officer', 'analyst', 'admin')
  getSuspect(@Param() params: unknown, @Req() request: AuthedRequest) {
    return this.services.call(EnforcementRpc.getSuspect, validate(idParam, params), principalOf(request));
  }

  @Post('suspects/:id/assessment-requests')
  @HttpCode(201)
  @Roles('enforcement_officer')
  requestAssessment(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(EnforcementRpc.requestAssessment.input, withParam(body, { suspectId: id }));
    return this.services.call(EnforcementRpc.requestAssessment, input, principalOf(request));
  }

  @Get('assessment-requests')
  @Roles('enforcement_officer', 'analyst', 'admin')
  listAssessmentRequests(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      EnforcementRpc.listAssessmentRequests,
      validate(EnforcementRpc.listAssessmentRequests.input, query),
      principalOf(request),
    );
  }

  @Get('assessment-requests/:id')
  @Roles('enforcement_officer', 'analyst', 'admin')
  getAssessmentRequest(@Param() params: unknown, @Req() request: AuthedRequest) {
    return this.services.call(EnforcementRpc.getAssessmentRequest, validate(idParam, params), principalOf(request));
  }

  @Post('operations')
  @HttpCode(201)
  @Roles('enforcement_officer')
  recordOperation(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      EnforcementRpc.recordOperation,
      validate(EnforcementRpc.recordOperation.input, body),
      principalOf(request),
    );
  }

  @Post('prison-snapshots')
  @HttpCode(201)
  @Roles('enforcement_officer')
  recordPrisonSnapshot(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      EnforcementRpc.recordPrisonSnapshot,
      validate(EnforcementRpc.recordPrisonSnapshot.input, body),
      principalOf(request),
    );
  }
}
