import { Injectable } from '@nestjs/common';
import { PreventionRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { ListTrainingsUseCase } from './list-trainings.use-case.js';
import { RecordTrainingUseCase } from './record-training.use-case.js';

@Injectable()
export class TrainingsHandlers {
  constructor(
    private readonly recordTraining: RecordTrainingUseCase,
    private readonly listTrainings: ListTrainingsUseCase,
  ) {}

  @RpcRoute(PreventionRpc.recordTraining)
  record(input: RpcInput<typeof PreventionRpc.recordTraining>, call: RpcCall) {
    return this.recordTraining.execute(input, call.principal);
  }

  @RpcRoute(PreventionRpc.listTrainings)
  list(input: RpcInput<typeof PreventionRpc.listTrainings>, call: RpcCall) {
    return this.listTrainings.execute(input, call.principal);
  }
}
