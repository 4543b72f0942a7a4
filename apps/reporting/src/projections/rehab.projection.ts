import { Injectable } from '@nestjs/common';
import { type AnyEvent, type EventPayload, RehabEvents } from '@sinergi/contracts';
import { ReferralLink } from '@sinergi/runtime';
import { fact, intervention, type Projected, type Projector, row, unitRecord } from './projected.js';

type P<E> = EventPayload<E>;

/** Rehab's events as facts, treatment episodes, and IBM presence in villages. */
@Injectable()
export class RehabProjection {
  constructor(private readonly referrals: ReferralLink) {}

  projectors(): Record<string, Projector> {
    const E = RehabEvents;
    const admitted = (event: AnyEvent, referralRef: string | null): Projected => {
      const p = event.payload as P<typeof E.clientAdmitted>;
      return {
        facts: [
          fact({
            id: `admission:${p.admissionId}`,
            indicator: 'rehab.admissions',
            regionCode: event.regionCode,
            occurredOn: p.admittedOn,
            dims: {
              program: p.program,
              source: p.source,
              substance: p.primarySubstance,
              sex: p.sex,
              ageBand: p.ageBand,
              facilityKind: p.facilityKind,
            },
          }),
        ],
        rows: [
          row(
            'rehab_episode',
            ['admissionId'],
            {
              admissionId: p.admissionId,
              clientId: p.clientId,
              admittedOn: p.admittedOn,
              facilityKind: p.facilityKind,
              referralRef,
            },
            { located: event.regionCode },
          ),
          unitRecord(`admission:${p.admissionId}`, p.facilityId, p.admittedOn, event.occurredAt),
          ...(p.facilityKind === 'ibm_unit'
            ? intervention(event, {
                id: `ibm-admission:${p.admissionId}`,
                regionCode: event.regionCode,
                service: 'rehab',
                on: p.admittedOn,
              })
            : []),
        ],
      };
    };
    return {
      [E.facilityRegistered.subject]: (event) => {
        const p = event.payload as P<typeof E.facilityRegistered>;
        // An IBM unit (community-based intervention) is rehab's standing presence in its village.
        const rows =
          p.kind === 'ibm_unit'
            ? intervention(event, {
                id: `ibm:${p.facilityId}`,
                regionCode: p.regionCode,
                service: 'rehab',
                on: event.occurredAt.slice(0, 10),
                standing: true,
              })
            : [];
        // Every facility is a unit expected to report each month.
        const unit = row(
          'reporting_unit',
          ['unitId'],
          { unitId: p.facilityId, kind: 'rehab_facility', name: p.name, registeredOn: event.occurredAt.slice(0, 10) },
          { located: p.regionCode },
        );
        return { facts: [], rows: [...rows, unit] };
      },
      [E.clientAdmitted.subject]: (event) => admitted(event, (event.payload as P<typeof E.clientAdmitted>).referralRef),
      // Streams written before v2 name the assessment itself: the same reference is made from it.
      [E.clientAdmittedV1.subject]: (event) => {
        const id = (event.payload as P<typeof E.clientAdmittedV1>).assessmentId;
        return admitted(event, id ? this.referrals.of(id) : null);
      },
      [E.clientDischarged.subject]: (event) => {
        const p = event.payload as P<typeof E.clientDischarged>;
        // Completed and dropped-out discharges are indicators; every outcome closes the episode.
        const counted = p.outcome === 'completed' || p.outcome === 'dropped_out';
        return {
          facts: counted
            ? [
                fact({
                  id: `discharge:${p.admissionId}`,
                  indicator: p.outcome === 'completed' ? 'rehab.completed' : 'rehab.dropped_out',
                  regionCode: event.regionCode,
                  occurredOn: p.dischargedOn,
                  dims: { program: p.program },
                }),
              ]
            : [],
          rows: [
            row(
              'rehab_episode',
              ['admissionId'],
              {
                admissionId: p.admissionId,
                clientId: p.clientId,
                admittedOn: p.admittedOn,
                facilityKind: null,
                outcome: p.outcome,
                dischargedOn: p.dischargedOn,
              },
              { located: event.regionCode },
            ),
          ],
        };
      },
      [E.aftercareStarted.subject]: (event) => {
        const p = event.payload as P<typeof E.aftercareStarted>;
        return {
          facts: [
            fact({
              id: `aftercare:${p.aftercareId}`,
              indicator: 'rehab.aftercare_clients',
              regionCode: event.regionCode,
              occurredOn: p.startedOn,
            }),
          ],
          rows: [
            row(
              'aftercare',
              ['aftercareId'],
              { aftercareId: p.aftercareId, clientId: p.clientId, startedOn: p.startedOn },
              { located: event.regionCode },
            ),
          ],
        };
      },
      [E.followUpRecorded.subject]: (event) => {
        const p = event.payload as P<typeof E.followUpRecorded>;
        return {
          facts: [],
          rows: [
            row(
              'follow_up',
              ['id'],
              {
                id: event.eventId,
                clientId: p.clientId,
                aftercareId: p.aftercareId,
                date: p.date,
                employed: p.employed ?? null,
              },
              { onConflict: 'keep' },
            ),
          ],
        };
      },
      [E.certificateIssued.subject]: (event) => {
        const p = event.payload as P<typeof E.certificateIssued>;
        return {
          facts: [
            fact({
              id: `certificate:${p.certificateId}`,
              indicator: 'rehab.skhpn_issued',
              regionCode: event.regionCode,
              occurredOn: p.issuedOn,
              dims: { result: p.result, purpose: p.purpose },
            }),
          ],
          rows: [unitRecord(`certificate:${p.certificateId}`, p.facilityId, p.issuedOn, event.occurredAt)],
        };
      },
      [E.assessmentCompleted.subject]: (event) => {
        const p = event.payload as P<typeof E.assessmentCompleted>;
        return {
          facts: [],
          rows: [
            row(
              'assessment',
              ['assessmentId'],
              {
                assessmentId: p.assessmentId,
                referralRef: this.referrals.of(p.assessmentId),
                decidedOn: p.decidedOn,
                recommendation: p.recommendation,
              },
              { located: event.regionCode },
            ),
          ],
        };
      },
    };
  }
}
