import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { RehabRpc, uuidSchema } from '@sinergi/contracts';
import { z } from 'zod';
import { type AuthedRequest, principalOf, Roles } from '../auth/roles.js';
import { validate } from '../http/validate.js';
import { ServiceClient } from '../upstream/service-client.js';

const idParam = z.object({ id: uuidSchema });

@Controller('v1/rehab')
export class RehabController {
  constructor(private readonly services: ServiceClient) {}

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

  @Get('facilities')
  @Roles('rehab_officer', 'analyst', 'admin')
  listFacilities(@Query() query: unknown, @Req() request: AuthedRequest) {
    return this.services.call(
      RehabRpc.listFacilities,
      validate(RehabRpc.listFacilities.input, query),
      principalOf(request),
    );
  }

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

  @Post('clients/:id/admissions')
  @HttpCode(201)
  @Roles('rehab_officer')
  admitClient(@Param() params: unknown, @Body() body: unknown, @Req() request: AuthedRequest) {
    const { id } = validate(idParam, params);
    const input = validate(RehabRpc.admitClient.input, { ...(body as object), clientId: id });
    return this.services.call(RehabRpc.admitClient, input, principalOf(request));
  }
}
