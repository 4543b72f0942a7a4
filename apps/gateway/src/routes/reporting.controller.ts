import { Controller, Get, Query, Req } from '@nestjs/common';
import { ReportingRpc } from '@sinergi/contracts';
import { type AuthedRequest, principalOf, Roles } from '../auth/roles.js';
import { validate } from '../http/validate.js';
import { ServiceClient } from '../upstream/service-client.js';

@Controller('v1/reporting')
export class ReportingController {
  constructor(private readonly services: ServiceClient) {}

  /** Officers read their own region; analysts and admins whatever their region covers. */
  @Get('indicators')
  @Roles('analyst', 'admin', 'rehab_officer', 'enforcement_officer', 'prevention_officer')
  indicators(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      ReportingRpc.indicators,
      validate(ReportingRpc.indicators.input, query),
      principalOf(request),
    );
  }
}
