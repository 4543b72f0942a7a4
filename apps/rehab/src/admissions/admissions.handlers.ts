import { Injectable } from '@nestjs/common';
import { RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { AdmitClientUseCase } from './admit-client.use-case.js';

@Injectable()
export class AdmissionsHandlers {
  constructor(private readonly admitClient: AdmitClientUseCase) {}

  @RpcRoute(RehabRpc.admitClient)
  admit(input: RpcInput<typeof RehabRpc.admitClient>, call: RpcCall) {
    return this.admitClient.execute(input, call.principal);
  }
}
