import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  type AssessmentRequest,
  assessmentDueOn,
  EnforcementEvents,
  type EnforcementRpc,
  type Principal,
  type RpcInput,
} from '@sinergi/contracts';
import { assertNoRuleBreak, loadVisible, Outbox, unprocessable } from '@sinergi/runtime';
import { findOpenCase } from '../cases/find-case.js';
import { SuspectRecord } from '../suspects/suspect.entity.js';
import { AssessmentRequestRecord } from './assessment-request.entity.js';
import { assessmentRequestProblem } from './assessment.rules.js';
import { toAssessmentRequest } from './assessment-request.mapper.js';

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
      const suspect = await loadVisible(tx, SuspectRecord, input.suspectId, 'suspect', principal);
      const narcoticsCase = await findOpenCase(tx, suspect.caseId, principal);
      const problem = assessmentRequestProblem(suspect);
      assertNoRuleBreak(problem);
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
        overdueNotifiedOn: null,
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
