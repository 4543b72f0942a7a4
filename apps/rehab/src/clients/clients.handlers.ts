import { Injectable } from '@nestjs/common';
import { RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { GetClientUseCase } from './get-client.use-case.js';
import { RegisterClientUseCase } from './register-client.use-case.js';

@Injectable()
export class ClientsHandlers {
  constructor(
    private readonly registerClient: RegisterClientUseCase,
    private readonly getClient: GetClientUseCase,
  ) {}

  @RpcRoute(RehabRpc.registerClient)
  register(input: RpcInput<typeof RehabRpc.registerClient>, call: RpcCall) {
    return this.registerClient.execute(input, call.principal);
  }

  @RpcRoute(RehabRpc.getClient)
  get(input: RpcInput<typeof RehabRpc.getClient>, call: RpcCall) {
    return this.getClient.execute(input, call.principal);
  }
}
