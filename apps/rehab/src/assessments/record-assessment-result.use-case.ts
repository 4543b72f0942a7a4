import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Assessment, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import { assertVisible, notFound, Outbox, ruleViolated } from '@sinergi/runtime';
import { AssessmentRecord } from './assessment.entity.js';
import { assessmentResultProblem } from './assessment.rules.js';
import { toAssessment } from './list-assessments.use-case.js';

@Injectable()
export class RecordAssessmentResultUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.recordAssessmentResult>, principal: Principal): Promise<Assessment> {
    return this.em.transactional(async (tx) => {
      const assessment = await tx.findOne(AssessmentRecord, { id: input.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!assessment) throw notFound('assessment', input.id);
      assertVisible(principal, assessment.regionCode, 'assessment', input.id);
      const problem = assessmentResultProblem({
        status: assessment.status,
        requestedOn: assessment.requestedOn,
        decidedOn: input.decidedOn,
      });
      if (problem) throw ruleViolated(problem.rule, problem.message);

      assessment.status = 'completed';
      assessment.recommendation = input.recommendation;
      assessment.decidedOn = input.decidedOn;
      assessment.notes = input.notes ?? null;
      // Enforcement learns the outcome only: the notes stay in this row.
      this.outbox.record(tx, RehabEvents.assessmentCompleted, {
        regionCode: assessment.regionCode,
        payload: { assessmentId: assessment.id, recommendation: input.recommendation, decidedOn: input.decidedOn },
      });
      return toAssessment(assessment, null);
    });
  }
}
