import { Injectable } from '@nestjs/common';
import { RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { ListOverdueAftercareUseCase } from './list-overdue-aftercare.use-case.js';
import { RecordFollowUpUseCase } from './record-follow-up.use-case.js';
import { StartAftercareUseCase } from './start-aftercare.use-case.js';

@Injectable()
export class AftercareHandlers {
  constructor(
    private readonly startAftercare: StartAftercareUseCase,
    private readonly recordFollowUp: RecordFollowUpUseCase,
    private readonly listOverdue: ListOverdueAftercareUseCase,
  ) {}

  @RpcRoute(RehabRpc.startAftercare)
  start(input: RpcInput<typeof RehabRpc.startAftercare>, call: RpcCall) {
    return this.startAftercare.execute(input, call.principal);
  }

  @RpcRoute(RehabRpc.recordFollowUp)
  followUp(input: RpcInput<typeof RehabRpc.recordFollowUp>, call: RpcCall) {
    return this.recordFollowUp.execute(input, call.principal);
  }

  @RpcRoute(RehabRpc.listOverdueAftercare)
  overdue(input: RpcInput<typeof RehabRpc.listOverdueAftercare>, call: RpcCall) {
    return this.listOverdue.execute(input, call.principal);
  }
}
