import { Injectable } from '@nestjs/common';
import { EnforcementEvents, type EventPayload } from '@sinergi/contracts';
import { ReferralLink } from '@sinergi/runtime';
import { fact, intervention, type Projector, row } from './projected.js';

type P<E> = EventPayload<E>;

/** Enforcement's events as facts and coordination state. */
@Injectable()
export class EnforcementProjection {
  constructor(private readonly referrals: ReferralLink) {}

  projectors(): Record<string, Projector> {
    const E = EnforcementEvents;
    return {
      [E.caseOpened.subject]: (event) => {
        const p = event.payload as P<typeof E.caseOpened>;
        return {
          facts: [
            fact({
              id: `case:${p.caseId}`,
              indicator: 'enforcement.cases',
              regionCode: p.regionCode,
              occurredOn: p.openedOn,
              dims: { agency: p.agency },
            }),
          ],
          rows: [row('case_ref', ['caseId'], { caseId: p.caseId, openedOn: p.openedOn }, { located: p.regionCode })],
        };
      },
      // A case reaches the court when it moves to prosecution; it never moves back.
      [E.caseStageChanged.subject]: (event) => {
        const p = event.payload as P<typeof E.caseStageChanged>;
        return {
          facts: [],
          rows:
            p.to === 'prosecution'
              ? [row('case_court', ['caseId'], { caseId: p.caseId, courtOn: p.on }, { onConflict: 'keep' })]
              : [],
        };
      },
      // A suspect counts in the period its case was opened; the case event comes first in the stream.
      [E.suspectRecorded.subject]: (event) => {
        const p = event.payload as P<typeof E.suspectRecorded>;
        return {
          facts: [
            fact({
              id: `suspect:${p.suspectId}`,
              indicator: 'enforcement.suspects',
              regionCode: event.regionCode,
              occurredOn: { caseOpened: p.caseId },
              dims: { role: p.role, sex: p.sex, ageBand: p.ageBand, nationality: p.nationality },
            }),
          ],
          rows: [
            row(
              'suspect_outcome',
              ['suspectId'],
              { suspectId: p.suspectId, caseId: p.caseId, role: p.role },
              {
                located: event.regionCode,
              },
            ),
          ],
        };
      },
      // The quantity stays an exact decimal; quantities are reported per unit, never summed across units.
      [E.seizureRecorded.subject]: (event) => {
        const p = event.payload as P<typeof E.seizureRecorded>;
        return {
          facts: [
            fact({
              id: `seizure:${p.seizureId}`,
              indicator: 'enforcement.seized',
              regionCode: event.regionCode,
              occurredOn: p.seizedOn,
              value: p.quantity,
              dims: { substanceUnit: `${p.substance} (${p.unit})`, unit: p.unit },
            }),
          ],
          rows: [],
        };
      },
      [E.assessmentRequested.subject]: (event) => {
        const p = event.payload as P<typeof E.assessmentRequested>;
        return {
          facts: [],
          rows: [
            row(
              'suspect_outcome',
              ['suspectId'],
              { suspectId: p.suspectId, assessmentId: p.assessmentId },
              {
                located: p.regionCode,
              },
            ),
            row(
              'assessment',
              ['assessmentId'],
              {
                assessmentId: p.assessmentId,
                referralRef: this.referrals.of(p.assessmentId),
                requestedOn: p.requestedOn,
                dueOn: p.dueOn,
              },
              { located: p.regionCode },
            ),
          ],
        };
      },
      [E.assessmentResultRecorded.subject]: (event) => {
        const p = event.payload as P<typeof E.assessmentResultRecorded>;
        return {
          facts: [],
          rows: [
            row(
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
            ),
          ],
        };
      },
      [E.operationRecorded.subject]: (event) => {
        const p = event.payload as P<typeof E.operationRecorded>;
        const dims = { kind: p.kind, venueType: p.venueType ?? 'unspecified' };
        const base = { regionCode: p.regionCode, occurredOn: p.on, dims };
        return {
          facts: [
            fact({ ...base, id: `operation:${p.operationId}`, indicator: 'enforcement.operations' }),
            fact({
              ...base,
              id: `operation-tested:${p.operationId}`,
              indicator: 'enforcement.people_tested',
              value: p.peopleTested,
            }),
            fact({
              ...base,
              id: `operation-positives:${p.operationId}`,
              indicator: 'enforcement.operation_positives',
              value: p.positives,
            }),
          ],
          rows: intervention(event, {
            id: `operation:${p.operationId}`,
            regionCode: p.regionCode,
            service: 'enforcement',
            on: p.on,
          }),
        };
      },
      [E.prisonSnapshotRecorded.subject]: (event) => {
        const p = event.payload as P<typeof E.prisonSnapshotRecorded>;
        return {
          facts: [],
          rows: [
            row(
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
            ),
          ],
        };
      },
    };
  }
}
