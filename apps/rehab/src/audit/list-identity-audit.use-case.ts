import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { IdentityAudit, Principal, RehabRpc, RpcInput } from '@sinergi/contracts';
import { addDays, afterCursor, scopedRegion, startOfDayInJakarta, toPage, withinRegion } from '@sinergi/runtime';
import { IdentityAuditRecord } from './identity-audit.entity.js';

function toAudit(record: IdentityAuditRecord): IdentityAudit {
  return {
    id: record.id,
    clientId: record.clientId,
    sub: record.sub,
    agency: record.agency,
    purpose: record.purpose,
    regionCode: record.regionCode,
    readAt: record.readAt.toISOString(),
  };
}

/** Identity reads, oldest first; `from`/`to` are inclusive days in Jakarta time. */
@Injectable()
export class ListIdentityAuditUseCase {
  constructor(private readonly em: EntityManager) {}

  async execute(input: RpcInput<typeof RehabRpc.listIdentityAudit>, principal: Principal) {
    const region = scopedRegion(principal, undefined);
    const readAt = {
      ...(input.from ? { $gte: startOfDayInJakarta(input.from) } : {}),
      ...(input.to ? { $lt: startOfDayInJakarta(addDays(input.to, 1)) } : {}),
    };
    const rows = await this.em.find(
      IdentityAuditRecord,
      {
        $and: [
          withinRegion(region),
          afterCursor(input.cursor, { by: 'readAt' }),
          input.clientId ? { clientId: input.clientId } : {},
          input.from || input.to ? { readAt } : {},
        ],
      },
      { orderBy: { readAt: 'asc', id: 'asc' }, limit: input.limit + 1 },
    );
    return toPage(
      rows.map((row) => ({ row, id: row.id, createdAt: row.readAt })),
      input.limit,
      ({ row }) => toAudit(row),
    );
  }
}
