import { randomUUID } from 'node:crypto';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type AssessmentRequest,
  EnforcementEvents,
  type EnforcementRpc,
  type Principal,
  type RpcInput,
  todayInJakarta,
} from '@sinergi/contracts';
import { assertVisible, notFound, Outbox, ruleViolated, unprocessable } from '@sinergi/runtime';
import { findOpenCase } from '../cases/find-case.js';
import { SuspectRecord } from '../suspects/suspect.entity.js';
import { AssessmentRequestRecord } from './assessment-request.entity.js';
import { assessmentDueOn, assessmentRequestProblem, isOverdue } from './assessment.rules.js';

export function toAssessmentRequest(record: AssessmentRequestRecord, today = todayInJakarta()): AssessmentRequest {
  return {
    id: record.id,
    caseId: record.caseId,
    suspectId: record.suspectId,
    regionCode: record.regionCode,
    requestedOn: record.requestedOn,
    dueOn: record.dueOn,
    status: record.status,
    recommendation: record.recommendation ?? null,
    decidedOn: record.decidedOn ?? null,
    overdue: isOverdue({ dueOn: record.dueOn, decided: record.status === 'completed' }, today),
    createdAt: record.createdAt.toISOString(),
  };
}

@Injectable()
export class RequestAssessmentUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(
    input: RpcInput<typeof EnforcementRpc.requestAssessment>,
    principal: Principal,
  ): Promise<AssessmentRequest> {
    return this.em.transactional(async (tx) => {
      // Locked: a double click must not send the suspect to the TAT twice.
      const suspect = await tx.findOne(
        SuspectRecord,
        { id: input.suspectId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!suspect) throw notFound('suspect', input.suspectId);
      assertVisible(principal, suspect.regionCode, 'suspect', input.suspectId);
      const narcoticsCase = await findOpenCase(tx, suspect.caseId, principal);
      const problem = assessmentRequestProblem(suspect);
      if (problem) throw ruleViolated(problem.rule, problem.message);
      if (input.requestedOn < narcoticsCase.openedOn) {
        throw unprocessable('requestedOn', `must not be before the case was opened (${narcoticsCase.openedOn})`);
      }

      const record = tx.create(AssessmentRequestRecord, {
        id: randomUUID(),
        caseId: suspect.caseId,
        suspectId: suspect.id,
        regionCode: suspect.regionCode,
        requestedOn: input.requestedOn,
        dueOn: assessmentDueOn(input.requestedOn),
        status: 'pending',
        recommendation: null,
        decidedOn: null,
        createdAt: new Date(),
      });
      suspect.status = 'assessment_requested';
      this.outbox.record(tx, EnforcementEvents.assessmentRequested, {
        regionCode: record.regionCode,
        payload: {
          assessmentId: record.id,
          caseId: record.caseId,
          suspectId: suspect.id,
          regionCode: record.regionCode,
          requestedOn: record.requestedOn,
          dueOn: record.dueOn,
          sex: suspect.sex,
          ageBand: suspect.ageBand,
          assessmentEligible: suspect.assessmentEligible,
        },
      });
      return toAssessmentRequest(record);
    });
  }
}
