import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  missedFollowUp,
  type OverdueAftercare,
  type Principal,
  type RehabRpc,
  type RpcInput,
  todayInJakarta,
} from '@sinergi/contracts';
import { afterCursor, encodeCursor, scopedRegion, withinRegion } from '@sinergi/runtime';
import { AftercareRecord, FollowUpRecord } from './aftercare.entity.js';

const SCAN_BATCH = 500;

/**
 * Overdue is decided by `missedFollowUp` (packages/contracts/src/aftercare-schedule.ts), the one
 * rule that reporting's overdue figure is checked against too. The scan walks aftercare in
 * `(createdAt, id)` order and stops once a page is full; the cursor is the last aftercare
 * scanned, so pages never skip or repeat.
 */
@Injectable()
export class ListOverdueAftercareUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listOverdueAftercare>, principal: Principal) {
    const region = scopedRegion(principal, input.regionCode);
    const asOf = todayInJakarta();
    const items: OverdueAftercare[] = [];
    let cursor = input.cursor;
    let lastIncluded: AftercareRecord | undefined;
    for (;;) {
      const batch = await this.em.find(
        AftercareRecord,
        { $and: [withinRegion(region), afterCursor(cursor)] },
        { orderBy: { createdAt: 'asc', id: 'asc' }, limit: SCAN_BATCH },
      );
      const followUps = batch.length
        ? await this.em.find(
            FollowUpRecord,
            { aftercareId: { $in: batch.map((a) => a.id) } },
            { fields: ['aftercareId', 'date'] },
          )
        : [];
      const datesOf = new Map<string, string[]>();
      for (const f of followUps) datesOf.set(f.aftercareId, [...(datesOf.get(f.aftercareId) ?? []), f.date]);
      for (const aftercare of batch) {
        const dates = datesOf.get(aftercare.id) ?? [];
        const missed = missedFollowUp(aftercare.startedOn, dates, asOf);
        if (!missed) continue;
        if (items.length === input.limit) {
          // One more overdue exists: the page ends at the last one it holds.
          return { items, nextCursor: lastIncluded ? encodeCursor(lastIncluded) : null };
        }
        items.push({
          aftercareId: aftercare.id,
          admissionId: aftercare.admissionId,
          clientId: aftercare.clientId,
          regionCode: aftercare.regionCode,
          startedOn: aftercare.startedOn,
          missedMonths: missed.months,
          missedDueOn: missed.dueOn,
          lastFollowUpOn: dates.reduce<string | null>((max, d) => (!max || d > max ? d : max), null),
        });
        lastIncluded = aftercare;
      }
      const last = batch[batch.length - 1];
      if (batch.length < SCAN_BATCH || !last) return { items, nextCursor: null };
      cursor = encodeCursor(last);
    }
  }
}
