import { Injectable } from '@nestjs/common';
import { RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { ListFacilitiesUseCase } from './list-facilities.use-case.js';
import { RegisterFacilityUseCase } from './register-facility.use-case.js';

@Injectable()
export class FacilitiesHandlers {
  constructor(
    private readonly registerFacility: RegisterFacilityUseCase,
    private readonly listFacilities: ListFacilitiesUseCase,
  ) {}

  @RpcRoute(RehabRpc.registerFacility)
  register(input: RpcInput<typeof RehabRpc.registerFacility>, call: RpcCall) {
    return this.registerFacility.execute(input, call.principal);
  }

  @RpcRoute(RehabRpc.listFacilities)
  list(input: RpcInput<typeof RehabRpc.listFacilities>, call: RpcCall) {
    return this.listFacilities.execute(input, call.principal);
  }
}
