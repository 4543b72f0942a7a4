import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type DeadLetterSummary, ReportingRpc, type RpcInput } from '@sinergi/contracts';
import { DomainError, decodeCursor, hasRole, type RpcCall, RpcRoute, toPage } from '@sinergi/runtime';

interface DeadLetterRow {
  id: string;
  consumer: string;
  subject: string;
  event_id: string | null;
  error: string;
  deliveries: number;
  failed_at: Date | string;
}

/**
 * Events reporting's consumers gave up on (`dead_letter`), for an operator to read and replay.
 * Only where and why: the stored message itself never leaves the service (it may be anything,
 * including data that failed the privacy-stripping schemas).
 */
@Injectable()
export class DeadLettersHandlers {
  constructor(private readonly em: EntityManager) {}

  @RpcRoute(ReportingRpc.listDeadLetters)
  async list(input: RpcInput<typeof ReportingRpc.listDeadLetters>, call: RpcCall) {
    if (!hasRole(call.principal, 'admin')) throw new DomainError('forbidden', 'only an admin reads dead letters');
    const cursor = decodeCursor(input.cursor);
    const rows = await this.em.execute<DeadLetterRow[]>(
      `select id, consumer, subject, event_id, error, deliveries, failed_at from dead_letter
       ${cursor ? 'where (failed_at, id) < (?::timestamptz, ?::uuid)' : ''}
       order by failed_at desc, id desc limit ?`,
      [...(cursor ? [cursor.createdAt, cursor.id] : []), input.limit + 1],
    );
    return toPage(
      rows.map((r) => ({ ...r, createdAt: new Date(r.failed_at) })),
      input.limit,
      (r): DeadLetterSummary => ({
        id: r.id,
        consumer: r.consumer,
        subject: r.subject,
        eventId: r.event_id,
        error: r.error.slice(0, 2000),
        deliveries: Number(r.deliveries),
        failedAt: new Date(r.failed_at).toISOString(),
      }),
    );
  }
}
