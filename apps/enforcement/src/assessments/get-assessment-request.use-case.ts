import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AssessmentRequest, EnforcementRpc, Principal, RpcInput } from '@sinergi/contracts';
import { loadVisible } from '@sinergi/runtime';
import { AssessmentRequestRecord } from './assessment-request.entity.js';
import { toAssessmentRequest } from './assessment-request.mapper.js';

@Injectable()
export class GetAssessmentRequestUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(
    input: RpcInput<typeof EnforcementRpc.getAssessmentRequest>,
    principal: Principal,
  ): Promise<AssessmentRequest> {
    const record = await loadVisible(this.em, AssessmentRequestRecord, input.id, 'assessment request', principal, {
      lock: 'none',
    });
    return toAssessmentRequest(record);
  }
}
