import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type AssessmentRequest,
  type EnforcementRpc,
  type Principal,
  type RpcInput,
  todayInJakarta,
} from '@sinergi/contracts';
import { assessmentOverdueCondition, findRegionPage, toPage } from '@sinergi/runtime';
import { AssessmentRequestRecord } from './assessment-request.entity.js';
import { toAssessmentRequest } from './assessment-request.mapper.js';

@Injectable()
export class ListAssessmentRequestsUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof EnforcementRpc.listAssessmentRequests>, principal: Principal) {
    const today = todayInJakarta();
    const overdue = assessmentOverdueCondition(input.overdue, today);
    const rows = await findRegionPage(this.em, AssessmentRequestRecord, principal, input, overdue);
    return toPage<AssessmentRequestRecord, AssessmentRequest>(rows, input.limit, (row) =>
      toAssessmentRequest(row, today),
    );
  }
}
