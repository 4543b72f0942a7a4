import { Injectable } from '@nestjs/common';
import { RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { RegisterClientUseCase } from './register-client.use-case.js';

@Injectable()
export class ClientsHandlers {
  constructor(private readonly registerClient: RegisterClientUseCase) {}

  @RpcRoute(RehabRpc.registerClient)
  register(input: RpcInput<typeof RehabRpc.registerClient>, call: RpcCall) {
    return this.registerClient.execute(input, call.principal);
  }
}
