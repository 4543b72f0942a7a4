import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { AssessmentRequest, EnforcementRpc, Principal, RpcInput } from '@sinergi/contracts';
import { assertVisible, notFound } from '@sinergi/runtime';
import { AssessmentRequestRecord } from './assessment-request.entity.js';
import { toAssessmentRequest } from './request-assessment.use-case.js';

@Injectable()
export class GetAssessmentRequestUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(
    input: RpcInput<typeof EnforcementRpc.getAssessmentRequest>,
    principal: Principal,
  ): Promise<AssessmentRequest> {
    const record = await this.em.findOne(AssessmentRequestRecord, { id: input.id });
    if (!record) throw notFound('assessment request', input.id);
    assertVisible(principal, record.regionCode, 'assessment request', input.id);
    return toAssessmentRequest(record);
  }
}
