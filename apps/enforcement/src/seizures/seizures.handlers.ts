import { Injectable } from '@nestjs/common';
import { EnforcementRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { RecordSeizureUseCase } from './record-seizure.use-case.js';

@Injectable()
export class SeizuresHandlers {
  constructor(private readonly recordSeizure: RecordSeizureUseCase) {}

  @RpcRoute(EnforcementRpc.recordSeizure)
  record(input: RpcInput<typeof EnforcementRpc.recordSeizure>, call: RpcCall) {
    return this.recordSeizure.execute(input, call.principal);
  }
}
