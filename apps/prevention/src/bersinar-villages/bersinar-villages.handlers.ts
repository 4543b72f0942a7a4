import { Injectable } from '@nestjs/common';
import { PreventionRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { DesignateBersinarVillageUseCase } from './designate-bersinar-village.use-case.js';
import { ListBersinarVillagesUseCase } from './list-bersinar-villages.use-case.js';

@Injectable()
export class BersinarVillagesHandlers {
  constructor(
    private readonly designateVillage: DesignateBersinarVillageUseCase,
    private readonly listVillages: ListBersinarVillagesUseCase,
  ) {}

  @RpcRoute(PreventionRpc.designateBersinarVillage)
  designate(input: RpcInput<typeof PreventionRpc.designateBersinarVillage>, call: RpcCall) {
    return this.designateVillage.execute(input, call.principal);
  }

  @RpcRoute(PreventionRpc.listBersinarVillages)
  list(input: RpcInput<typeof PreventionRpc.listBersinarVillages>, call: RpcCall) {
    return this.listVillages.execute(input, call.principal);
  }
}
