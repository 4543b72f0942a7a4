import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Assessment, type Principal, RehabEvents, type RehabRpc, type RpcInput } from '@sinergi/contracts';
import { assertNoRuleBreak, loadVisible, Outbox } from '@sinergi/runtime';
import { AssessmentRecord } from './assessment.entity.js';
import { assessmentResultProblem } from './assessment.rules.js';
import { toAssessment } from './assessment.mapper.js';

@Injectable()
export class RecordAssessmentResultUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: RpcInput<typeof RehabRpc.recordAssessmentResult>, principal: Principal): Promise<Assessment> {
    return this.em.transactional(async (tx) => {
      const assessment = await loadVisible(tx, AssessmentRecord, input.id, 'assessment', principal);
      const problem = assessmentResultProblem({
        status: assessment.status,
        requestedOn: assessment.requestedOn,
        decidedOn: input.decidedOn,
      });
      assertNoRuleBreak(problem);

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
