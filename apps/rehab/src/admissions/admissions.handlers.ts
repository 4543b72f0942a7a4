import { Injectable } from '@nestjs/common';
import { RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { AdmitClientUseCase } from './admit-client.use-case.js';
import { DischargeClientUseCase } from './discharge-client.use-case.js';

@Injectable()
export class AdmissionsHandlers {
  constructor(
    private readonly admitClient: AdmitClientUseCase,
    private readonly dischargeClient: DischargeClientUseCase,
  ) {}

  @RpcRoute(RehabRpc.admitClient)
  admit(input: RpcInput<typeof RehabRpc.admitClient>, call: RpcCall) {
    return this.admitClient.execute(input, call.principal);
  }

  @RpcRoute(RehabRpc.dischargeClient)
  discharge(input: RpcInput<typeof RehabRpc.dischargeClient>, call: RpcCall) {
    return this.dischargeClient.execute(input, call.principal);
  }
}
