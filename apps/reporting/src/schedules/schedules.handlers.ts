import { Injectable } from '@nestjs/common';
import { ReportingRpc, type RpcInput } from '@sinergi/contracts';
import { DomainError, hasRole, type RpcCall, RpcRoute } from '@sinergi/runtime';
import { ScheduleService } from './schedule.service.js';

@Injectable()
export class SchedulesHandlers {
  constructor(private readonly schedules: ScheduleService) {}

  @RpcRoute(ReportingRpc.listSchedules)
  async list() {
    return { items: await this.schedules.list() };
  }

  /** Schedules cover the whole country: only a national admin changes them. */
  @RpcRoute(ReportingRpc.putSchedule)
  async put(input: RpcInput<typeof ReportingRpc.putSchedule>, call: RpcCall) {
    if (!hasRole(call.principal, 'admin') || call.principal.region !== 'ID') {
      throw new DomainError('forbidden', 'only a national admin changes report schedules');
    }
    return this.schedules.put(input);
  }
}
