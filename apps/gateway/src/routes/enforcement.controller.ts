import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { EnforcementRpc, uuidSchema } from '@sinergi/contracts';
import { z } from 'zod';
import { type AuthedRequest, principalOf, Roles } from '../auth/roles.js';
import { validate } from '../http/validate.js';
import { ServiceClient } from '../upstream/service-client.js';
import { Doc } from '../openapi/doc.decorator.js';

const idParam = z.object({ id: uuidSchema });

/** Path parameters win over the body: a body cannot redirect a write to another case or suspect. */
function withParam(body: unknown, extra: Record<string, string>): Record<string, unknown> {
  return { ...(typeof body === 'object' && body !== null ? body : {}), ...extra };
}

@Controller('v1/enforcement')
export class EnforcementController {
  constructor(private readonly services: ServiceClient) {}

  @Doc(EnforcementRpc.openCase)
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

  @Doc(EnforcementRpc.listCases)
  @Get('cases')
  @Roles('enforcement_officer', 'analyst', 'admin')
  listCases(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      EnforcementRpc.listCases,
      validate(EnforcementRpc.listCases.input, query),
      principalOf(request),
    );
  }

  @Doc(EnforcementRpc.getCase)
  @Get('cases/:id')
  @Roles('enforcement_officer', 'analyst', 'admin')
  getCase(@Param() params: unknown, @Req() request: AuthedRequest) {
    return this.services.call(EnforcementRpc.getCase, validate(idParam, params), principalOf(request));
  }

  @Doc(EnforcementRpc.changeCaseStage)
  @Post('cases/:id/stage')
  @HttpCode(200)
  @Roles('enforcement_officer')
  changeCaseStage(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(EnforcementRpc.changeCaseStage.input, withParam(body, { id }));
    return this.services.call(EnforcementRpc.changeCaseStage, input, principalOf(request));
  }

  @Doc(EnforcementRpc.recordSuspect)
  @Post('cases/:id/suspects')
  @HttpCode(201)
  @Roles('enforcement_officer')
  recordSuspect(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(EnforcementRpc.recordSuspect.input, withParam(body, { caseId: id }));
    return this.services.call(EnforcementRpc.recordSuspect, input, principalOf(request));
  }

  @Doc(EnforcementRpc.recordSeizure, {
    example: { substance: 'methamphetamine', quantity: '307.527', unit: 'g', seizedOn: '2024-05-02' },
  })
  @Post('cases/:id/seizures')
  @HttpCode(201)
  @Roles('enforcement_officer')
  recordSeizure(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(EnforcementRpc.recordSeizure.input, withParam(body, { caseId: id }));
    return this.services.call(EnforcementRpc.recordSeizure, input, principalOf(request));
  }

  @Doc(EnforcementRpc.getSuspect)
  @Get('suspects/:id')
  @Roles('enforcement_officer', 'analyst', 'admin')
  getSuspect(@Param() params: unknown, @Req() request: AuthedRequest) {
    return this.services.call(EnforcementRpc.getSuspect, validate(idParam, params), principalOf(request));
  }

  @Doc(EnforcementRpc.requestAssessment)
  @Post('suspects/:id/assessment-requests')
  @HttpCode(201)
  @Roles('enforcement_officer')
  requestAssessment(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(EnforcementRpc.requestAssessment.input, withParam(body, { suspectId: id }));
    return this.services.call(EnforcementRpc.requestAssessment, input, principalOf(request));
  }

  @Doc(EnforcementRpc.listAssessmentRequests)
  @Get('assessment-requests')
  @Roles('enforcement_officer', 'analyst', 'admin')
  listAssessmentRequests(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      EnforcementRpc.listAssessmentRequests,
      validate(EnforcementRpc.listAssessmentRequests.input, query),
      principalOf(request),
    );
  }

  @Doc(EnforcementRpc.getAssessmentRequest)
  @Get('assessment-requests/:id')
  @Roles('enforcement_officer', 'analyst', 'admin')
  getAssessmentRequest(@Param() params: unknown, @Req() request: AuthedRequest) {
    return this.services.call(EnforcementRpc.getAssessmentRequest, validate(idParam, params), principalOf(request));
  }

  @Doc(EnforcementRpc.recordOperation)
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

  @Doc(EnforcementRpc.recordPrisonSnapshot)
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
