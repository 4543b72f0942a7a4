import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PreventionEvents } from '@sinergi/contracts';
import { currentContext } from '@sinergi/runtime';
import type { ActivityRecord } from './activity.entity.js';

export function activityRecordedPayload(record: ActivityRecord) {
  return {
    activityId: record.id,
    regionCode: record.regionCode,
    kind: record.kind,
    segment: record.segment,
    channel: record.channel,
    on: record.on,
    participants: record.participants,
    reach: record.reach ?? null,
    importId: record.importId ?? null,
  };
}

/**
 * Moves a committed import session's staged rows into `activity` and writes one
 * `prevention.activity.recorded.v1` per row into the outbox, inside the caller's transaction.
 *
 * Why SQL and not `Outbox.record`: 50,000 entities through the unit of work (or `insertMany`,
 * or one big JSON parameter, which MikroORM interpolates on the client) took longer than the
 * gateway's RPC timeout. Here the rows never leave PostgreSQL. The envelope is built to the
 * contract's shape from rows that passed `recordActivityInput` when staged, and one written
 * envelope is parsed with the contract before commit, so a drift fails the import rather than
 * publishing a malformed event. Replace with a bulk `Outbox.recordMany` once the runtime has one.
 */
export async function moveStagedActivities(
  em: EntityManager,
  session: { importId: string; stagedBy: string; createdAt: Date },
): Promise<number> {
  const context = currentContext();
  const contract = PreventionEvents.activityRecorded;
  const inserted = await em.execute<{ affectedRows?: number }>(
    `insert into activity (id, region_code, kind, segment, channel, "on", participants, reach, import_id, created_at)
     select gen_random_uuid(), r.activity->>'regionCode', r.activity->>'kind', r.activity->>'segment',
       r.activity->>'channel', (r.activity->>'on')::date, coalesce((r.activity->>'participants')::int, 0),
       (r.activity->>'reach')::int, r.import_id, ?
     from activity_import_row r where r.import_id = ? and r.staged_by = ? order by r.line`,
    [session.createdAt, session.importId, session.stagedBy],
    'run',
  );
  await em.execute(
    `insert into outbox (id, subject, envelope, created_at, attempts, last_error, published_at)
     select a.event_id, ?::text, jsonb_build_object(
         'eventId', a.event_id, 'type', ?::text, 'version', ?::int, 'occurredAt', ?::text,
         'producer', 'prevention', 'regionCode', a.region_code, 'correlationId', ?::text,
         'payload', jsonb_build_object(
           'activityId', a.id, 'regionCode', a.region_code, 'kind', a.kind, 'segment', a.segment,
           'channel', a.channel, 'on', to_char(a."on", 'YYYY-MM-DD'), 'participants', a.participants,
           'reach', a.reach, 'importId', a.import_id))
       || jsonb_strip_nulls(jsonb_build_object('causationId', ?::text, 'agency', ?::text)),
       ?, 0, null, null
     from (select activity.*, gen_random_uuid() as event_id from activity where import_id = ?) a`,
    [
      contract.subject,
      contract.subject,
      contract.version,
      session.createdAt.toISOString(),
      context?.correlationId ?? randomUUID(),
      context?.causationId ?? null,
      context?.agency ?? null,
      session.createdAt,
      session.importId,
    ],
  );
  const [sample] = await em.execute<Array<{ envelope: unknown }>>(
    `select o.envelope from outbox o join activity a on a.id = (o.envelope->'payload'->>'activityId')::uuid
     where a.import_id = ? limit 1`,
    [session.importId],
  );
  contract.envelope.parse(typeof sample?.envelope === 'string' ? JSON.parse(sample.envelope) : sample?.envelope);
  return inserted.affectedRows ?? 0;
}
