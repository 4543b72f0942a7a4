import { Injectable } from '@nestjs/common';
import { EnforcementRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { RecordOperationUseCase } from './record-operation.use-case.js';

@Injectable()
export class OperationsHandlers {
  constructor(private readonly recordOperation: RecordOperationUseCase) {}

  @RpcRoute(EnforcementRpc.recordOperation)
  record(input: RpcInput<typeof EnforcementRpc.recordOperation>, call: RpcCall) {
    return this.recordOperation.execute(input, call.principal);
  }
}
