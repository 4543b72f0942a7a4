import { Injectable } from '@nestjs/common';
import { EnforcementRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { ChangeCaseStageUseCase } from './change-case-stage.use-case.js';
import { GetCaseUseCase } from './get-case.use-case.js';
import { ListCasesUseCase } from './list-cases.use-case.js';
import { OpenCaseUseCase } from './open-case.use-case.js';

@Injectable()
export class CasesHandlers {
  constructor(
    private readonly openCase: OpenCaseUseCase,
    private readonly getCase: GetCaseUseCase,
    private readonly listCases: ListCasesUseCase,
    private readonly changeCaseStage: ChangeCaseStageUseCase,
  ) {}

  @RpcRoute(EnforcementRpc.openCase)
  open(input: RpcInput<typeof EnforcementRpc.openCase>, call: RpcCall) {
    return this.openCase.execute(input, call.principal);
  }

  @RpcRoute(EnforcementRpc.getCase)
  get(input: RpcInput<typeof EnforcementRpc.getCase>, call: RpcCall) {
    return this.getCase.execute(input, call.principal);
  }

  @RpcRoute(EnforcementRpc.listCases)
  list(input: RpcInput<typeof EnforcementRpc.listCases>, call: RpcCall) {
    return this.listCases.execute(input, call.principal);
  }

  @RpcRoute(EnforcementRpc.changeCaseStage)
  changeStage(input: RpcInput<typeof EnforcementRpc.changeCaseStage>, call: RpcCall) {
    return this.changeCaseStage.execute(input, call.principal);
  }
}
