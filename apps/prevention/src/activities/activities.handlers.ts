import { Injectable } from '@nestjs/common';
import { PreventionRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { CommitActivityImportUseCase } from './commit-activity-import.use-case.js';
import { ListActivitiesUseCase } from './list-activities.use-case.js';
import { RecordActivityUseCase } from './record-activity.use-case.js';
import { StageActivityImportUseCase } from './stage-activity-import.use-case.js';

@Injectable()
export class ActivitiesHandlers {
  constructor(
    private readonly recordActivity: RecordActivityUseCase,
    private readonly listActivities: ListActivitiesUseCase,
    private readonly stageImport: StageActivityImportUseCase,
    private readonly commitImport: CommitActivityImportUseCase,
  ) {}

  @RpcRoute(PreventionRpc.recordActivity)
  record(input: RpcInput<typeof PreventionRpc.recordActivity>, call: RpcCall) {
    return this.recordActivity.execute(input, call.principal);
  }

  @RpcRoute(PreventionRpc.listActivities)
  list(input: RpcInput<typeof PreventionRpc.listActivities>, call: RpcCall) {
    return this.listActivities.execute(input, call.principal);
  }

  @RpcRoute(PreventionRpc.stageActivityImport)
  stage(input: RpcInput<typeof PreventionRpc.stageActivityImport>, call: RpcCall) {
    return this.stageImport.execute(input, call.principal);
  }

  @RpcRoute(PreventionRpc.commitActivityImport)
  commit(input: RpcInput<typeof PreventionRpc.commitActivityImport>, call: RpcCall) {
    return this.commitImport.execute(input, call.principal);
  }
}
