import { Injectable } from '@nestjs/common';
import { EnforcementRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { RecordPrisonSnapshotUseCase } from './record-prison-snapshot.use-case.js';

@Injectable()
export class PrisonSnapshotsHandlers {
  constructor(private readonly recordPrisonSnapshot: RecordPrisonSnapshotUseCase) {}

  @RpcRoute(EnforcementRpc.recordPrisonSnapshot)
  record(input: RpcInput<typeof EnforcementRpc.recordPrisonSnapshot>, call: RpcCall) {
    return this.recordPrisonSnapshot.execute(input, call.principal);
  }
}
