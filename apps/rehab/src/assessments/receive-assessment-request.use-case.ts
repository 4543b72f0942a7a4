import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type AnyEvent, EnforcementEvents } from '@sinergi/contracts';
import { AssessmentRecord } from './assessment.entity.js';

/**
 * Puts enforcement's request into the TAT queue. Keyed by enforcement's assessment id: a request
 * seen again (a replay past the inbox, or the same request under a new event id) changes nothing.
 */
@Injectable()
export class ReceiveAssessmentRequestUseCase {
  async apply(tx: EntityManager, event: AnyEvent): Promise<void> {
    const request = EnforcementEvents.assessmentRequested.payload.parse(event.payload);
    const existing = await tx.findOne(AssessmentRecord, { id: request.assessmentId }, { fields: ['id'] });
    if (existing) return;
    tx.create(AssessmentRecord, {
      id: request.assessmentId,
      caseId: request.caseId,
      suspectId: request.suspectId,
      regionCode: request.regionCode,
      requestedOn: request.requestedOn,
      dueOn: request.dueOn,
      sex: request.sex,
      ageBand: request.ageBand,
      assessmentEligible: request.assessmentEligible,
      status: 'pending',
      recommendation: null,
      decidedOn: null,
      notes: null,
      overdueNotifiedAt: null,
      createdAt: new Date(),
    });
  }
}
