import { Injectable } from '@nestjs/common';
import { EnforcementRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { GetSuspectUseCase } from './get-suspect.use-case.js';
import { RecordSuspectUseCase } from './record-suspect.use-case.js';

@Injectable()
export class SuspectsHandlers {
  constructor(
    private readonly recordSuspect: RecordSuspectUseCase,
    private readonly getSuspect: GetSuspectUseCase,
  ) {}

  @RpcRoute(EnforcementRpc.recordSuspect)
  record(input: RpcInput<typeof EnforcementRpc.recordSuspect>, call: RpcCall) {
    return this.recordSuspect.execute(input, call.principal);
  }

  @RpcRoute(EnforcementRpc.getSuspect)
  get(input: RpcInput<typeof EnforcementRpc.getSuspect>, call: RpcCall) {
    return this.getSuspect.execute(input, call.principal);
  }
}
