import { Injectable } from '@nestjs/common';
import { EnforcementEvents, type EventPayload } from '@sinergi/contracts';
import { type EventHandler, ReferralLink } from '@sinergi/runtime';
import { upsertFact } from './fact.writer.js';
import { recordIntervention, upsertRow } from './upsert.js';

type P<E> = EventPayload<E>;

/** Enforcement's events as facts and coordination state. */
@Injectable()
export class EnforcementProjection {
  constructor(private readonly referrals: ReferralLink) {}

  handlers(): Record<string, EventHandler> {
    const E = EnforcementEvents;
    return {
      [E.caseOpened.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.caseOpened>;
        await upsertRow(
          em,
          'case_ref',
          ['caseId'],
          { caseId: p.caseId, openedOn: p.openedOn },
          { located: p.regionCode },
        );
        await upsertFact(em, {
          id: `case:${p.caseId}`,
          indicator: 'enforcement.cases',
          regionCode: p.regionCode,
          occurredOn: p.openedOn,
          eventId: event.eventId,
          dims: { agency: p.agency },
        });
      },
      [E.suspectRecorded.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.suspectRecorded>;
        // A suspect counts in the period its case was opened; the case event comes first in the stream.
        const [found] = await em.execute<{ opened_on: string }[]>('select opened_on from case_ref where case_id = ?', [
          p.caseId,
        ]);
        if (!found) throw new Error(`case ${p.caseId} of suspect ${p.suspectId} is not projected yet`);
        await upsertFact(em, {
          id: `suspect:${p.suspectId}`,
          indicator: 'enforcement.suspects',
          regionCode: event.regionCode,
          occurredOn: String(found.opened_on).slice(0, 10),
          eventId: event.eventId,
          dims: { role: p.role, sex: p.sex, ageBand: p.ageBand, nationality: p.nationality },
        });
      },
      [E.seizureRecorded.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.seizureRecorded>;
        // The quantity stays an exact decimal (numeric); its breakdown key names substance and unit.
        await upsertFact(em, {
          id: `seizure:${p.seizureId}`,
          indicator: 'enforcement.seized',
          regionCode: event.regionCode,
          occurredOn: p.seizedOn,
          value: p.quantity,
          eventId: event.eventId,
          dims: { substanceUnit: `${p.substance} (${p.unit})` },
        });
      },
      [E.assessmentRequested.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.assessmentRequested>;
        await upsertRow(
          em,
          'assessment',
          ['assessmentId'],
          {
            assessmentId: p.assessmentId,
            referralRef: this.referrals.of(p.assessmentId),
            requestedOn: p.requestedOn,
            dueOn: p.dueOn,
          },
          { located: p.regionCode },
        );
      },
      [E.assessmentResultRecorded.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.assessmentResultRecorded>;
        await upsertRow(
          em,
          'assessment',
          ['assessmentId'],
          {
            assessmentId: p.assessmentId,
            referralRef: this.referrals.of(p.assessmentId),
            requestedOn: p.requestedOn,
            dueOn: p.dueOn,
            decidedOn: p.decidedOn,
            recommendation: p.recommendation,
          },
          { located: event.regionCode },
        );
      },
      [E.operationRecorded.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.operationRecorded>;
        const dims = { kind: p.kind, venueType: p.venueType ?? 'unspecified' };
        const base = { regionCode: p.regionCode, occurredOn: p.on, eventId: event.eventId, dims };
        await upsertFact(em, { ...base, id: `operation:${p.operationId}`, indicator: 'enforcement.operations' });
        await upsertFact(em, {
          ...base,
          id: `operation-tested:${p.operationId}`,
          indicator: 'enforcement.people_tested',
          value: p.peopleTested,
        });
        await upsertFact(em, {
          ...base,
          id: `operation-positives:${p.operationId}`,
          indicator: 'enforcement.operation_positives',
          value: p.positives,
        });
        await recordIntervention(em, {
          id: `operation:${p.operationId}`,
          regionCode: p.regionCode,
          agency: 'enforcement',
          on: p.on,
        });
      },
      [E.prisonSnapshotRecorded.subject]: async (em, event) => {
        const p = event.payload as P<typeof E.prisonSnapshotRecorded>;
        await upsertRow(
          em,
          'prison_snapshot',
          ['snapshotId'],
          {
            snapshotId: p.snapshotId,
            facilityName: p.facilityName,
            on: p.on,
            capacity: p.capacity,
            occupancy: p.occupancy,
            narcoticsInmates: p.narcoticsInmates,
          },
          { located: p.regionCode },
        );
      },
    };
  }
}
