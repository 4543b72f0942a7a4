import { Injectable } from '@nestjs/common';
import { RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { ListIdentityAuditUseCase } from './list-identity-audit.use-case.js';

@Injectable()
export class AuditHandlers {
  constructor(private readonly listAudit: ListIdentityAuditUseCase) {}

  @RpcRoute(RehabRpc.listIdentityAudit)
  list(input: RpcInput<typeof RehabRpc.listIdentityAudit>, call: RpcCall) {
    return this.listAudit.execute(input, call.principal);
  }
}
