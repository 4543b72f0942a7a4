import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { type AnyEvent, RehabEvents, todayInJakarta } from '@sinergi/contracts';
import { LOGGER, type Logger } from '@sinergi/runtime';
import { AssessmentRequestRecord } from './assessment-request.entity.js';

/**
 * Applies rehab.assessment.overdue.v1 inside the consumer's transaction: the request is marked
 * with the day rehab's notice arrived, which its list shows beside `overdue`. Rehab raises the
 * notice once; a redelivery is dropped by the consumer's inbox, and a second notice changes nothing.
 */
@Injectable()
export class RecordAssessmentOverdueUseCase {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async apply(tx: EntityManager, event: AnyEvent): Promise<void> {
    const notice = RehabEvents.assessmentOverdue.payload.parse(event.payload);
    const request = await tx.findOne(
      AssessmentRequestRecord,
      { id: notice.assessmentId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    // Rehab's queue may hold assessments enforcement never asked for; those notices are not ours.
    if (!request) {
      this.logger.info({ assessmentId: notice.assessmentId }, 'overdue notice for a request not made here; skipped');
      return;
    }
    // The result got here first (rehab decided just as its sweep ran): a decided request is not overdue.
    if (request.status === 'completed') {
      this.logger.info({ assessmentId: request.id }, 'overdue notice for a decided request; nothing to mark');
      return;
    }
    if (request.overdueNotifiedOn) return;
    request.overdueNotifiedOn = todayInJakarta(new Date(event.occurredAt));
  }
}
