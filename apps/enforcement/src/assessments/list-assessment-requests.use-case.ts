import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type AssessmentRequest,
  type EnforcementRpc,
  type Principal,
  type RpcInput,
  todayInJakarta,
} from '@sinergi/contracts';
import { findRegionPage, toPage } from '@sinergi/runtime';
import { AssessmentRequestRecord } from './assessment-request.entity.js';
import { toAssessmentRequest } from './assessment-request.mapper.js';

@Injectable()
export class ListAssessmentRequestsUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof EnforcementRpc.listAssessmentRequests>, principal: Principal) {
    const today = todayInJakarta();
    // Overdue is isAssessmentOverdue() (packages/contracts/src/assessment-clock.ts) as a query: still
    // pending and the due date has passed.
    const overdue =
      input.overdue === true
        ? { status: 'pending' as const, dueOn: { $lt: today } }
        : input.overdue === false
          ? { $not: { status: 'pending' as const, dueOn: { $lt: today } } }
          : {};
    const rows = await findRegionPage(this.em, AssessmentRequestRecord, principal, input, overdue);
    return toPage<AssessmentRequestRecord, AssessmentRequest>(rows, input.limit, (row) =>
      toAssessmentRequest(row, today),
    );
  }
}
