import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { RehabRpc, uuidSchema } from '@sinergi/contracts';
import { z } from 'zod';
import { type AuthedRequest, principalOf, Roles } from '../auth/roles.js';
import { validate } from '../http/validate.js';
import { ServiceClient } from '../upstream/service-client.js';
import { Doc } from '../openapi/doc.decorator.js';

const idParam = z.object({ id: uuidSchema });

/** Path parameters win over the body: a body cannot redirect a write to another record. */
function withParam(body: unknown, extra: Record<string, string>): Record<string, unknown> {
  return { ...(typeof body === 'object' && body !== null ? body : {}), ...extra };
}

function header(request: AuthedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

@Controller('v1/rehab')
export class RehabController {
  constructor(private readonly services: ServiceClient) {}

  @Doc(RehabRpc.registerFacility)
  @Post('facilities')
  @HttpCode(201)
  @Roles('rehab_officer')
  registerFacility(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.registerFacility,
      validate(RehabRpc.registerFacility.input, body),
      principalOf(request),
    );
  }

  @Doc(RehabRpc.listFacilities)
  @Get('facilities')
  @Roles('rehab_officer', 'analyst', 'admin')
  listFacilities(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.listFacilities,
      validate(RehabRpc.listFacilities.input, query),
      principalOf(request),
    );
  }

  @Doc(RehabRpc.registerClient)
  @Post('clients')
  @HttpCode(201)
  @Roles('rehab_officer')
  registerClient(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.registerClient,
      validate(RehabRpc.registerClient.input, body),
      principalOf(request),
    );
  }

  @Doc(RehabRpc.admitClient)
  @Post('clients/:id/admissions')
  @HttpCode(201)
  @Roles('rehab_officer')
  admitClient(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(RehabRpc.admitClient.input, withParam(body, { clientId: id }));
    return this.services.call(RehabRpc.admitClient, input, principalOf(request));
  }

  /** Identity only for a rehab officer in scope, who must say why in X-Purpose (audited by rehab). */
  @Doc(RehabRpc.getClient, {
    query: z.object({}),
    headers: [
      {
        name: 'X-Purpose',
        description: 'Why the identity is read; required for rehab officers, written to the audit log',
      },
    ],
  })
  @Get('clients/:id')
  @Roles('rehab_officer', 'analyst')
  getClient(@Param() params: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const purpose = header(request, 'x-purpose');
    const input = validate(RehabRpc.getClient.input, { id, ...(purpose !== undefined ? { purpose } : {}) });
    return this.services.call(RehabRpc.getClient, input, principalOf(request));
  }

  @Doc(RehabRpc.dischargeClient)
  @Post('admissions/:id/discharge')
  @HttpCode(200)
  @Roles('rehab_officer')
  discharge(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(RehabRpc.dischargeClient.input, withParam(body, { admissionId: id }));
    return this.services.call(RehabRpc.dischargeClient, input, principalOf(request));
  }

  @Doc(RehabRpc.startAftercare)
  @Post('admissions/:id/aftercare')
  @HttpCode(201)
  @Roles('rehab_officer')
  startAftercare(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(RehabRpc.startAftercare.input, withParam(body, { admissionId: id }));
    return this.services.call(RehabRpc.startAftercare, input, principalOf(request));
  }

  @Doc(RehabRpc.recordFollowUp)
  @Post('aftercare/:id/follow-ups')
  @HttpCode(201)
  @Roles('rehab_officer')
  recordFollowUp(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(RehabRpc.recordFollowUp.input, withParam(body, { aftercareId: id }));
    return this.services.call(RehabRpc.recordFollowUp, input, principalOf(request));
  }

  @Doc(RehabRpc.listOverdueAftercare)
  @Get('aftercare/overdue')
  @Roles('rehab_officer', 'analyst', 'admin')
  listOverdueAftercare(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.listOverdueAftercare,
      validate(RehabRpc.listOverdueAftercare.input, query),
      principalOf(request),
    );
  }

  @Doc(RehabRpc.issueCertificate)
  @Post('certificates')
  @HttpCode(201)
  @Roles('rehab_officer')
  issueCertificate(@Body() body: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.issueCertificate,
      validate(RehabRpc.issueCertificate.input, body),
      principalOf(request),
    );
  }

  @Doc(RehabRpc.listCertificates)
  @Get('certificates')
  @Roles('rehab_officer', 'analyst', 'admin')
  listCertificates(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.listCertificates,
      validate(RehabRpc.listCertificates.input, query),
      principalOf(request),
    );
  }

  @Doc(RehabRpc.listAssessments)
  @Get('assessments')
  @Roles('rehab_officer')
  listAssessments(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.listAssessments,
      validate(RehabRpc.listAssessments.input, query),
      principalOf(request),
    );
  }

  @Doc(RehabRpc.recordAssessmentResult)
  @Post('assessments/:id/result')
  @HttpCode(200)
  @Roles('rehab_officer')
  recordAssessmentResult(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(RehabRpc.recordAssessmentResult.input, withParam(body, { id }));
    return this.services.call(RehabRpc.recordAssessmentResult, input, principalOf(request));
  }

  @Doc(RehabRpc.listIdentityAudit)
  @Get('audit')
  @Roles('admin')
  listIdentityAudit(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.listIdentityAudit,
      validate(RehabRpc.listIdentityAudit.input, query),
      principalOf(request),
    );
  }
}
