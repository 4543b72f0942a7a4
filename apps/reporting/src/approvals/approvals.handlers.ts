import { Injectable } from '@nestjs/common';
import { type Period, ReportingRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { ApprovalService } from './approval.service.js';

@Injectable()
export class ApprovalsHandlers {
  constructor(private readonly approvals: ApprovalService) {}

  @RpcRoute(ReportingRpc.getApproval)
  async getApproval(input: RpcInput<typeof ReportingRpc.getApproval>, call: RpcCall) {
    const { regionCode, ...period } = input;
    return this.approvals.get(regionCode, period as Period, call.principal);
  }

  @RpcRoute(ReportingRpc.actOnApproval)
  async actOnApproval(input: RpcInput<typeof ReportingRpc.actOnApproval>, call: RpcCall) {
    return this.approvals.act(input.action, input.regionCode, input.period, input.reason, call.principal);
  }
}
