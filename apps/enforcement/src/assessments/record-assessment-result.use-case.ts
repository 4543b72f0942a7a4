import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { type AnyEvent, EnforcementEvents, RehabEvents } from '@sinergi/contracts';
import { LOGGER, type Logger, Outbox } from '@sinergi/runtime';
import { SuspectRecord } from '../suspects/suspect.entity.js';
import { statusAfterRecommendation } from '../suspects/suspect.rules.js';
import { AssessmentRequestRecord } from './assessment-request.entity.js';
import { decidedInTime } from './assessment.rules.js';

/**
 * Applies rehab.assessment.completed.v1 inside the consumer's transaction. Only the
 * recommendation and its date are kept: the event carries nothing else, and nothing else is asked.
 */
@Injectable()
export class RecordAssessmentResultUseCase {
  constructor(
    private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async apply(tx: EntityManager, event: AnyEvent): Promise<void> {
    const result = RehabEvents.assessmentCompleted.payload.parse(event.payload);
    const request = await tx.findOne(
      AssessmentRequestRecord,
      { id: result.assessmentId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    // Rehab also assesses people enforcement never asked about; those results are not ours.
    if (!request) {
      this.logger.info({ assessmentId: result.assessmentId }, 'assessment result for a request not made here; skipped');
      return;
    }
    if (request.status === 'completed') {
      this.logger.warn({ assessmentId: request.id }, 'a second result for a decided assessment; the first one stands');
      return;
    }
    const suspect = await tx.findOneOrFail(SuspectRecord, { id: request.suspectId });
    request.status = 'completed';
    request.recommendation = result.recommendation;
    request.decidedOn = result.decidedOn;
    suspect.status = statusAfterRecommendation(result.recommendation);
    this.outbox.record(tx, EnforcementEvents.assessmentResultRecorded, {
      regionCode: request.regionCode,
      payload: {
        assessmentId: request.id,
        caseId: request.caseId,
        suspectId: suspect.id,
        recommendation: result.recommendation,
        requestedOn: request.requestedOn,
        dueOn: request.dueOn,
        decidedOn: result.decidedOn,
        withinDeadline: decidedInTime(request.dueOn, result.decidedOn),
        suspectStatus: suspect.status,
      },
    });
  }
}
