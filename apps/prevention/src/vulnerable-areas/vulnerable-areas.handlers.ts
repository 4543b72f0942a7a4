import { Injectable } from '@nestjs/common';
import { PreventionRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { AssessVulnerableAreaUseCase } from './assess-vulnerable-area.use-case.js';
import { GetVulnerableAreaUseCase } from './get-vulnerable-area.use-case.js';
import { ListVulnerableAreasUseCase } from './list-vulnerable-areas.use-case.js';
import { MapVulnerableAreaUseCase } from './map-vulnerable-area.use-case.js';

@Injectable()
export class VulnerableAreasHandlers {
  constructor(
    private readonly mapArea: MapVulnerableAreaUseCase,
    private readonly assessArea: AssessVulnerableAreaUseCase,
    private readonly listAreas: ListVulnerableAreasUseCase,
    private readonly getArea: GetVulnerableAreaUseCase,
  ) {}

  @RpcRoute(PreventionRpc.mapVulnerableArea)
  map(input: RpcInput<typeof PreventionRpc.mapVulnerableArea>, call: RpcCall) {
    return this.mapArea.execute(input, call.principal);
  }

  @RpcRoute(PreventionRpc.assessVulnerableArea)
  assess(input: RpcInput<typeof PreventionRpc.assessVulnerableArea>, call: RpcCall) {
    return this.assessArea.execute(input, call.principal);
  }

  @RpcRoute(PreventionRpc.listVulnerableAreas)
  list(input: RpcInput<typeof PreventionRpc.listVulnerableAreas>, call: RpcCall) {
    return this.listAreas.execute(input, call.principal);
  }

  @RpcRoute(PreventionRpc.getVulnerableArea)
  get(input: RpcInput<typeof PreventionRpc.getVulnerableArea>, call: RpcCall) {
    return this.getArea.execute(input, call.principal);
  }
}
